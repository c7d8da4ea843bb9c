// The suite's configuration for npm run coverage:native (scripts/coverage-native.sh),
// plus one setup file: vitest ends its forked test processes with SIGTERM,
// which would kill them before gcov writes their counters (at exit); this
// makes SIGTERM a normal exit there, so those processes count too.
import { mergeConfig } from "vitest/config";
import base from "../vitest.config.js";

export default mergeConfig(base, { test: { setupFiles: ["scripts/coverage-flush.ts"] } });
