import { defineConfig } from "vitest/config";

// `npm run test:package`: packs the package, installs the tarball with no C
// compiler, and runs it on x86-64 and, under qemu, on arm64 (test/package/).
export default defineConfig({
  test: {
    include: ["test/package/**/*.test.ts"],
    globalSetup: ["test/package/setup.ts"],
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
