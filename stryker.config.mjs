// Mutation testing over the money and counting code (npm run mutation; not part of npm test).
// The report lands in reports/mutation/ (HTML and JSON); the target is a mutation score of 85% or more.

import { parts } from "./mutation-parts.ts";

/**
 * What Stryker mutates, all parts at once (`npx stryker run`): the money and counting code of
 * mutation-parts.ts, the one list to update when a module moves. `npm run mutation` runs it part by part,
 * each with its own tests (scripts/mutation.ts).
 */
const mutate = [...parts.flatMap((part) => part.mutate), "!packages/core/src/**/keys.ts"];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  mutate,
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  // Stryker's TypeScript support cannot load TypeScript 7: point it at a tsconfig that does not exist
  // (so it leaves the sandbox's tsconfig alone) and run no type checker; vitest strips types itself.
  tsconfigFile: "tsconfig.stryker-none.json",
  checkers: [],
  disableTypeChecks: false,
  coverageAnalysis: "perTest",
  // A mutant in a module-level definition (a schema, a key builder, a const arrow) is only switched when the
  // module loads, which takes a full rerun of every test file per mutant: too slow here, so such mutants are
  // ignored when nothing else covers them, and reported as survived when a test also runs their code.
  ignoreStatic: true,
  // Two cores, shared: each worker runs one vitest with its own DynamoDB Local and SES emulator.
  concurrency: 2,
  // A timed-out run costs a new worker, and with it a new DynamoDB Local: the allowance over the covering
  // tests' own time (times timeoutFactor) is kept short so an endless loop is given up quickly.
  timeoutMS: 15_000,
  timeoutFactor: 3,
  // Only what the tests need is copied into the sandbox.
  ignorePatterns: [".local", ".sst", ".bench", "coverage", "reports", "test-results", "tools", "web/test/browser", "*.log"],
  reporters: ["clear-text", "progress", "html", "json"],
  // Keeps each mutant's result between runs (reports/mutation/incremental.json): a later run tests again
  // only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: "reports/mutation/incremental.json",
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
