import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/package/ packs and installs the package: `npm run test:package`.
    exclude: [...configDefaults.exclude, "test/package/**"],
    // Each file in its own process: the sync API blocks like C, and peers run
    // in other processes or threads.
    pool: "forks",
    // A temporary folder of the run's own, checked for leftovers at the end (test/tmpdir.ts).
    globalSetup: ["test/tmpdir.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
