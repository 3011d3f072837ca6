// `npm run mutation [part ...]` (or `-- --summary`: only the table of the kept results): Stryker over the money and counting code, part by part (mutation-parts.ts),
// each part with only the tests written for it. Each part keeps its results between runs
// (reports/mutation/<part>.json, Stryker's incremental file), so a part that finished is not run again
// until its code or tests change. Prints each part's figure and the whole; the target is 85 % or more.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parts } from "../mutation-parts.ts";

const root = resolve(import.meta.dirname, "..");
const TARGET = 85;

/** The statuses of Stryker's report (mutation-testing-report-schema) and how they count. */
const detected = new Set(["Killed", "Timeout"]);
const undetected = new Set(["Survived", "NoCoverage"]);

const reportOf = (name: string) => join(root, "reports/mutation", `${name}.json`);

/**
 * A fingerprint of the part's tests (file names and contents). Stryker's incremental mode notices changed
 * sources, but with the vitest runner it does not notice a test added or changed: it would reuse a
 * survivor that a new test now kills. When the fingerprint moves, the part runs all its mutants again.
 */
function testsFingerprint(part: (typeof parts)[number]): string {
  const hash = createHash("sha256");
  for (const name of part.tests) {
    const file = TEST_DIRS.map((dir) => join(root, dir, `${name}.test.ts`)).find((path) => existsSync(path));
    if (!file) throw new Error(`${part.name}: no test file ${name}.test.ts in ${TEST_DIRS.join(", ")}`);
    hash.update(`${name}\0${readFileSync(file, "utf8")}\0`);
  }
  return hash.digest("hex");
}

const TEST_DIRS = ["packages/core/test", "packages/functions/test", "packages/local/test", "test"];

function run(part: (typeof parts)[number]): number {
  const fingerprintFile = join(root, "reports/mutation", `${part.name}.tests.sha256`);
  const fingerprint = testsFingerprint(part);
  const testsChanged = !existsSync(fingerprintFile) || readFileSync(fingerprintFile, "utf8") !== fingerprint;
  const args = ["stryker", "run", "--mutate", part.mutate.join(","), "--incrementalFile", reportOf(part.name), "--tempDirName", `.stryker-tmp-${part.name}`, ...(testsChanged ? ["--force"] : [])];
  const result = spawnSync("npx", args, { cwd: root, stdio: "inherit", env: { ...process.env, MUTATION_TESTS: part.tests.join(",") } });
  if (result.status === 0) {
    mkdirSync(dirname(fingerprintFile), { recursive: true });
    writeFileSync(fingerprintFile, fingerprint);
  }
  return result.status ?? 1;
}

interface Tally {
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  other: number;
}

function tally(name: string): Tally | undefined {
  if (!existsSync(reportOf(name))) return undefined;
  const report = JSON.parse(readFileSync(reportOf(name), "utf8")) as { files: Record<string, { mutants: { status: string }[] }> };
  const t: Tally = { killed: 0, timedOut: 0, survived: 0, noCoverage: 0, other: 0 };
  for (const file of Object.values(report.files)) {
    for (const { status } of file.mutants) {
      if (status === "Killed") t.killed++;
      else if (status === "Timeout") t.timedOut++;
      else if (status === "Survived") t.survived++;
      else if (status === "NoCoverage") t.noCoverage++;
      else if (!detected.has(status) && !undetected.has(status)) t.other++;
    }
  }
  return t;
}

const score = (t: Tally) => (100 * (t.killed + t.timedOut)) / Math.max(1, t.killed + t.timedOut + t.survived + t.noCoverage);

const summaryOnly = process.argv.includes("--summary");
const wanted = process.argv.slice(2).filter((arg) => arg !== "--summary");
const unknown = wanted.filter((name) => !parts.some((part) => part.name === name));
if (unknown.length) {
  console.error(`Unknown part(s): ${unknown.join(", ")}. Parts: ${parts.map((p) => p.name).join(", ")}.`);
  process.exit(2);
}
let failed = false;
// In the order asked for (all parts, in mutation-parts.ts's order, when none is named).
const chosen = wanted.length ? wanted.map((name) => parts.find((p) => p.name === name)!) : parts;
for (const part of summaryOnly ? [] : chosen) {
  console.log(`\n## ${part.name}: ${part.what} (tests: ${part.tests.join(", ")})\n`);
  if (run(part) !== 0) failed = true;
}

console.log("\npart          killed  timed out  survived  no coverage  ignored/errors  score");
const total: Tally = { killed: 0, timedOut: 0, survived: 0, noCoverage: 0, other: 0 };
let missing = 0;
for (const part of parts) {
  const t = tally(part.name);
  if (!t) {
    missing++;
    console.log(`${part.name.padEnd(12)}  not run yet`);
    continue;
  }
  for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
  console.log(`${part.name.padEnd(12)}  ${String(t.killed).padStart(6)}  ${String(t.timedOut).padStart(9)}  ${String(t.survived).padStart(8)}  ${String(t.noCoverage).padStart(11)}  ${String(t.other).padStart(14)}  ${score(t).toFixed(2)} %`);
}
console.log(`${"all".padEnd(12)}  ${String(total.killed).padStart(6)}  ${String(total.timedOut).padStart(9)}  ${String(total.survived).padStart(8)}  ${String(total.noCoverage).padStart(11)}  ${String(total.other).padStart(14)}  ${score(total).toFixed(2)} %${missing ? ` (${missing} part(s) not run)` : ""}`);
console.log(`target: ${TARGET} % or more`);
if (failed || missing || score(total) < TARGET) process.exitCode = 1;
