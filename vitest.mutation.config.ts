import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "./vitest.config.ts";

// The vitest run Stryker drives (npm run mutation): only the tests that cover the money and counting code.
// Stryker copies the repository into .stryker-tmp/sandbox-*/ but links node_modules back to the original,
// where @rapport/* point at the original, unmutated packages. The aliases below resolve them inside
// whichever copy this config sits in, so the tests exercise the mutated sources.
const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The test files, quickest first: Stryker stops a mutant's run at the first failing test, so a mutant the
 * arithmetic tests kill never waits for the tests that write to DynamoDB Local.
 */
const files = [
  "packages/core/test/score-math.test.ts",
  "packages/core/test/plan-payout.test.ts",
  "packages/core/test/plan-validation.test.ts",
  "packages/core/test/plan-versions.test.ts",
  "packages/core/test/plan-components.test.ts",
  "packages/core/test/score-card.test.ts",
  "packages/core/test/score-period.test.ts",
  "packages/core/test/bonus-csv.test.ts",
  "packages/core/test/bonus-snapshot-hash.test.ts",
  "packages/core/test/bonus-periods.test.ts",
  "packages/core/test/period-calendar.test.ts",
  "packages/core/test/period-close.test.ts",
  "packages/core/test/submission-counting.test.ts",
  "packages/core/test/suppression-delivery.test.ts",
  "packages/core/test/submission-revisions.test.ts",
  "packages/core/test/invitation-delivery.test.ts",
  "packages/core/test/report-card.test.ts",
  "packages/functions/test/plans.test.ts",
  "packages/functions/test/revisions.test.ts",
  "packages/functions/test/onboarding.test.ts",
  "packages/functions/test/reads-never-write.test.ts",
  "packages/functions/test/bonus-inputs.test.ts",
  "packages/functions/test/lost-deal-counting.test.ts",
  "packages/functions/test/void.test.ts",
  "packages/functions/test/deactivation.test.ts",
  "packages/functions/test/customer-journey.test.ts",
  "packages/functions/test/data-rights.test.ts",
];

const rank = (spec: TestSpecification) => {
  const at = files.findIndex((file) => spec.moduleId.endsWith(file));
  return at === -1 ? files.length : at;
};

/** The files MUTATION_TESTS names (every file when it is not set); a name that is not in the list above is an error, not an empty run. */
function chosen(): string[] {
  const names = process.env.MUTATION_TESTS?.split(",").map((name) => name.trim());
  if (!names) return files;
  const unknown = names.filter((name) => !files.some((file) => file.endsWith(`/${name}.test.ts`)));
  if (unknown.length) throw new Error(`MUTATION_TESTS names test files vitest.mutation.config.ts does not list: ${unknown.join(", ")}`);
  return files.filter((file) => names.some((name) => file.endsWith(`/${name}.test.ts`)));
}

class QuickestFirst extends BaseSequencer {
  override async sort(specs: TestSpecification[]): Promise<TestSpecification[]> {
    return [...specs].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@rapport\/core\/email\/templates\/(.+)$/, replacement: `${root}packages/core/src/email/templates/$1.tsx` },
      { find: /^@rapport\/(core|functions|local)\/(.+)$/, replacement: `${root}packages/$1/src/$2` },
      { find: /^@rapport\/web\/(.+)$/, replacement: `${root}web/src/$1` },
    ],
  },
  test: {
    ...base.test,
    // Focused files whose setup is light: Stryker reruns a file's beforeAll for every mutant one of its tests covers.
    // MUTATION_TESTS (comma-separated file names, e.g. "score-math,score-card") narrows the run to the
    // tests written for the part being mutated: a surviving mutant then costs those files, not every
    // DynamoDB-backed test that happens to pass through its code. The figure it gives is the stricter one.
    include: chosen(),
    // Stryker switches mutants at run time (mutant schemata), so the modules need not load again for each
    // mutant: reusing them across files and runs makes a mutant cost its tests, not a fresh import of the
    // AWS SDK. Each file still gets a table of its own (test/support/setup.ts runs per file).
    isolate: false,
    sequence: { sequencer: QuickestFirst },
  },
});
