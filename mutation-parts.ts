// The money and counting code `npm run mutation` mutates, in parts: each part's source and the tests written
// for it (file names in vitest.mutation.config.ts). A part runs only its own tests, so a surviving mutant
// costs those files and not every DynamoDB-backed test that passes through its code; the figure is the
// stricter one. Keys files only name DynamoDB keys; bonus/row.ts and scorecard/card.ts only declare shapes
// (their mutants change descriptions in the published schemas).
const core = "packages/core/src";

interface Part {
  name: string;
  /** What the part covers, as the run prints it. */
  what: string;
  /** Stryker's mutate patterns (a `!` pattern leaves out what the patterns before it took in). */
  mutate: string[];
  /** The test files the part runs, by name without `.test.ts`. */
  tests: string[];
}

export const parts: Part[] = [
  {
    name: "score",
    what: "score math and the score card",
    mutate: [`${core}/score/**/*.ts`, `${core}/scorecard/**/*.ts`, `!${core}/scorecard/card.ts`],
    tests: ["score-math", "score-card", "score-period"],
  },
  {
    name: "bonus",
    what: "bonus inputs, the payout map and the CSV",
    mutate: [`${core}/bonus/**/*.ts`, `!${core}/bonus/row.ts`],
    tests: ["bonus-csv", "bonus-snapshot-hash", "plan-payout", "bonus-periods", "plan-components", "bonus-inputs"],
  },
  {
    name: "plan",
    what: "the plan: components, yearly ramp, versions, validation",
    mutate: [`${core}/plan/**/*.ts`, `!${core}/**/keys.ts`],
    tests: ["plan-payout", "plan-validation", "plan-versions", "plan-components", "plans"],
  },
  {
    name: "period",
    what: "period close and reopen",
    mutate: [`${core}/period/**/*.ts`, `!${core}/**/keys.ts`],
    tests: ["period-calendar", "period-close", "reads-never-write"],
  },
  {
    name: "suppression",
    what: "suppression, and the step of invitation delivery that honours it",
    mutate: [`${core}/suppression/**/*.ts`, `${core}/invitation/deliver.ts:151-179`, `!${core}/**/keys.ts`],
    tests: ["suppression-delivery", "invitation-delivery", "deactivation", "customer-journey", "data-rights"],
  },
  {
    name: "submission",
    what: "submission counting, revisions and voids",
    mutate: [`${core}/submission/**/*.ts`, `!${core}/submission/onboarding.ts`, `${core}/response/counting.ts`, `${core}/response/void.ts`],
    tests: ["submission-counting", "submission-revisions", "report-card", "revisions", "lost-deal-counting", "void"],
  },
];
