// A vitest setup file for npm run coverage:native (scripts/coverage-vitest.config.ts):
// SIGTERM, which vitest sends its forked test processes when the run ends,
// exits normally instead, so gcov's exit handler writes the addon's counters.
process.on("SIGTERM", () => process.exit(0));
