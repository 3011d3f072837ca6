import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

// The vitest run Stryker drives (npm run mutation): only the tests that cover the money and counting code.
// Stryker copies the repository into .stryker-tmp/sandbox-*/ but links node_modules back to the original,
// where @rapport/* point at the original, unmutated packages. The aliases below resolve them inside
// whichever copy this config sits in, so the tests exercise the mutated sources.
const root = fileURLToPath(new URL(".", import.meta.url));

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
    include: [
      "packages/core/test/score-*.test.ts",
      "packages/core/test/plan-*.test.ts",
      "packages/core/test/bonus-*.test.ts",
      "packages/core/test/period-*.test.ts",
      "packages/core/test/submission-*.test.ts",
      "packages/core/test/suppression-*.test.ts",
      "packages/core/test/report-card.test.ts",
      "packages/functions/test/plans.test.ts",
      "packages/functions/test/void.test.ts",
      "packages/functions/test/revisions.test.ts",
      "packages/functions/test/onboarding.test.ts",
      "packages/functions/test/follow-ups.test.ts",
      "packages/functions/test/privacy.test.ts",
    ],
  },
});
