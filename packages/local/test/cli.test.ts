import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, inject, it } from "vitest";
import { config, configure } from "@rapport/core/config";
import { Customer } from "@rapport/core/customer/index";
import { ensureTable } from "@rapport/core/db/index";
import { Rep } from "@rapport/core/rep/index";
import { freePort } from "../src/engines.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const fixtures = "packages/core/test/fixtures/import";
const { dynamoEndpoint } = inject("engines");
const fileTable = config().tableName;

afterEach(() => {
  configure({ tableName: fileTable });
});

/**
 * Runs the CLI from the repository root as `npm run rapport --` does, with tsx loaded into the one node
 * process (no npx or tsx relay process: each run costs one start, which matters on a loaded machine).
 */
function rapport(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/cli.ts", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", fail);
    child.once("close", (code) => ok({ code, stdout, stderr }));
  });
}

/** A table of its own for one CLI run, so each test starts from an empty database. */
async function freshTable(): Promise<string> {
  const name = `cli_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await ensureTable(name);
  return name;
}

const target = (table: string) => ["--endpoint", dynamoEndpoint, "--table", table];

// Each test starts the CLI (a node process loading TypeScript) one to six times.
describe("rapport import", { timeout: 120_000 }, () => {
  it("imports reps and customers, then reports a re-run as unchanged", async () => {
    const table = await freshTable();
    const files = [`${fixtures}/customers.csv`, `${fixtures}/reps.csv`];
    const first = await rapport("import", ...files, ...target(table));
    expect(first.stderr).not.toMatch(/problem|error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("reps:      3 created, 0 updated, 0 unchanged");
    expect(first.stdout).toContain("customers: 3 created, 0 updated, 0 unchanged");
    // stderr is not a terminal here: plain progress lines, no bar.
    expect(first.stderr).toContain("3/3 customers");
    expect(first.stderr).not.toContain("\r");

    configure({ tableName: table });
    const jordan = await Rep.fromEmail("jordan@import.example");
    expect(await Customer.fromEmail("alicia@harbor.example")).toMatchObject({ repId: jordan!.id });

    const again = await rapport("import", ...files, ...target(table));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("reps:      0 created, 0 updated, 3 unchanged");
    expect(again.stdout).toContain("customers: 0 created, 0 updated, 3 unchanged");
  });

  it("prints every bad row, writes nothing and exits 1", async () => {
    const table = await freshTable();
    const bad = `${fixtures}/customers-bad.csv`;
    const result = await rapport("import", `${fixtures}/reps.csv`, bad, ...target(table));
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").filter((line) => line.startsWith(bad))).toEqual([
      `${bad}:3 email: must be an email address`,
      `${bad}:5 rep_email: no rep has this email, in this import or in the database`,
      `${bad}:5 value_tier: must be A, B or C`,
    ]);
    expect(result.stderr).toContain("3 problems in 2 rows; nothing was written.");

    configure({ tableName: table });
    expect(await Rep.fromEmail("jordan@import.example")).toBeUndefined();
    expect(await Customer.fromEmail("good.one@bad.example")).toBeUndefined();
  });

  it("exits 2 on usage errors", async () => {
    const none = await rapport("import");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("at least one CSV file");
    const missing = await rapport("import", "no-such-file.csv");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no-such-file.csv: no such file");
    expect((await rapport("frobnicate")).code).toBe(2);
    const bare = await rapport();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("Usage:");
    const aws = await rapport("import", `${fixtures}/reps.csv`, "--aws");
    expect(aws.code).toBe(2);
    expect(aws.stderr).toContain("--aws needs --table");
    expect((await rapport("import", `${fixtures}/reps.csv`, "--bogus")).code).toBe(2);
  });

  it("prints help and exits 0", async () => {
    const help = await rapport("help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("import <file.csv>...");
  });

  it("says how to start the database when it cannot be reached", async () => {
    const port = await freePort();
    const result = await rapport("import", `${fixtures}/reps.csv`, "--endpoint", `http://127.0.0.1:${port}`, "--table", "rapport");
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`cannot reach DynamoDB at http://127.0.0.1:${port}`);
    expect(result.stderr).toContain("Is `npm start` running?");
  });
});

describe("rapport api-key create", { timeout: 120_000 }, () => {
  it("creates a working admin key and prints its secret once", async () => {
    const table = await freshTable();
    const result = await rapport("api-key", "create", "--name", "First admin", "--scope", "admin", ...target(table));
    expect(result.code).toBe(0);
    const secret = result.stdout.trim().split("\n").at(-1)!;
    expect(secret).toMatch(/^rk_/);
    configure({ tableName: table });
    const { ApiKey } = await import("@rapport/core/api-key/index");
    expect((await ApiKey.verify(secret))?.scopes).toEqual(["admin"]);
  });

  it("refuses an unknown scope with exit 2", async () => {
    const result = await rapport("api-key", "create", "--name", "X", "--scope", "root", ...target(await freshTable()));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--scope must be admin or finance");
  });
});
