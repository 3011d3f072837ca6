import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Campaign } from "@rapport/core/campaign/index";
import { toView } from "@rapport/core/campaign/record";
import { config, configure } from "@rapport/core/config";
import { Customer } from "@rapport/core/customer/index";
import { ensureTable } from "@rapport/core/db/index";
import { Rep } from "@rapport/core/rep/index";
import type { StreamWorker } from "../src/stream.ts";
import { progressBar } from "../src/campaign-cli.ts";
import { freePort } from "../src/engines.ts";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";
import { countsByRecipient } from "../../../test/support/inbox.ts";
import { campaignWorker } from "../../../test/support/campaigns.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const fixtures = "packages/core/test/fixtures/import";
// The DynamoDB Local this worker's table lives on (test/support/setup.ts).
const dynamoEndpoint = config().dynamoEndpoint!;
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
    expect(help.stdout).toContain("campaign start [--rep <id>] [--segment <s>] [--value-tier A|B|C] [--watch]");
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
    expect(result.stderr).toContain("--scope must be admin, finance, events:write, reps:read");
  });
});

describe("rapport campaign", { timeout: 120_000 }, () => {
  /** The campaign worker on this file's own table; the tables of freshTable() have none, so their campaigns stay queued. */
  let worker: StreamWorker | undefined;
  beforeAll(async () => {
    worker = await campaignWorker();
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("starts a campaign for a rep and watches it to done, one plain line a second when stderr is no terminal", async () => {
    const rep = await aRep();
    const customers = await Promise.all([aCustomer(rep.id, { valueTier: "A" }), aCustomer(rep.id, { valueTier: "A" }), aCustomer(rep.id, { valueTier: "B" })]);
    const run = await rapport("campaign", "start", "--rep", rep.id, "--value-tier", "A", "--watch", ...target(fileTable));
    expect(run.stderr).not.toContain("rapport:");
    expect(run.code).toBe(0);
    const id = run.stdout.match(/^Started campaign (cmp_\w+): report cards to 2 customers \(the customers of rep rep_\w+, value tier A\); queued\.$/m)?.[1];
    expect(id, run.stdout).toBeDefined();
    // Two of the rep's three customers are in tier A: both sent, nothing skipped.
    const lines = run.stderr.trim().split("\n");
    for (const line of lines) expect(line).toMatch(/^\d{1,3}% \d\/2 sent · \d skipped · \d failed · (queued|sending|done)$/);
    expect(lines.at(-1)).toBe("100% 2/2 sent · 0 skipped · 0 failed · done");
    expect(run.stderr).not.toContain("\r");
    expect(run.stdout).toContain(`Campaign ${id} done: 2 sent, 0 skipped, 0 failed of 2.`);
    expect(await Campaign.get(id!)).toMatchObject({ status: "done", sent: 2, total: 2 });
    expect([...(await countsByRecipient(customers.map((c) => c.email))).values()]).toEqual([1, 1, 0]);

    const status = await rapport("campaign", "status", id!, ...target(fileTable));
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Campaign ${id}: done`);
    expect(status.stdout).toContain("  Progress   100% 2/2 sent · 0 skipped · 0 failed · done");
    expect(status.stdout).toContain("  Skipped    0 suppressed, 0 surveyed in the last 60 days, 0 unsubscribed, 0 unknown");

    // A finished campaign cannot be cancelled: core's 409, exit 1.
    const late = await rapport("campaign", "cancel", id!, ...target(fileTable));
    expect(late.code).toBe(1);
    expect(late.stderr).toContain("The campaign is done; only a queued or sending campaign can be cancelled.");
  });

  it("cancels a queued campaign, and answers an unknown rep or campaign with exit 1", async () => {
    const table = await freshTable();
    configure({ tableName: table });
    const rep = await aRep();
    await aCustomer(rep.id);
    const started = await rapport("campaign", "start", "--rep", rep.id, ...target(table));
    expect(started.code).toBe(0);
    const id = started.stdout.match(/Started campaign (cmp_\w+)/)?.[1];
    expect(started.stdout).toContain(`Follow it with: npm run rapport -- campaign status ${id} --watch`);
    expect((await Campaign.get(id!)).status).toBe("queued");

    const cancelled = await rapport("campaign", "cancel", id!, ...target(table));
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain(`Cancelled campaign ${id}: nothing not yet sent goes out. 0% 0/1 sent · 0 skipped · 0 failed · cancelled`);
    expect((await Campaign.get(id!)).status).toBe("cancelled");

    const unknownRep = await rapport("campaign", "start", "--rep", "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y", ...target(table));
    expect(unknownRep.code).toBe(1);
    expect(unknownRep.stderr).toContain("No rep has the id rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y.");
    const unknownCampaign = await rapport("campaign", "status", "cmp_01JH5ZE2F4G6H8J0K2M4N6P8Q0", "--watch", ...target(table));
    expect(unknownCampaign.code).toBe(1);
    expect(unknownCampaign.stderr).toContain("No campaign has the id cmp_01JH5ZE2F4G6H8J0K2M4N6P8Q0.");
  });

  it("exits 2 naming the option on a bad --value-tier, a bad id or a missing subcommand, before touching the database", async () => {
    const nowhere = ["--endpoint", `http://127.0.0.1:${await freePort()}`];
    const tier = await rapport("campaign", "start", "--value-tier", "D", ...nowhere);
    expect(tier.code).toBe(2);
    expect(tier.stderr).toContain("rapport: --value-tier must be A, B or C.");
    const id = await rapport("campaign", "status", "42", ...nowhere);
    expect(id.code).toBe(2);
    expect(id.stderr).toContain("rapport: <id> must be an id starting with cmp_.");
    const bare = await rapport("campaign", ...nowhere);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('campaign takes a subcommand: "start", "status" or "cancel".');
  });

  it("draws a bar of the customers handled (sent, skipped and failed) of the total", () => {
    // The view as core makes it from the stored counters (core counts handled, skipped and the percentage).
    const record = {
      id: "cmp_01JH5ZE2F4G6H8J0K2M4N6P8Q0",
      kind: "report-card" as const,
      status: "sending" as const,
      total: 10_000,
      sent: 6_200,
      failed: 0,
      skipSuppressed: 2,
      skipCapped: 8,
      skipUnsubscribed: 2,
      skipUnknown: 0,
      skipInactive: 0,
      createdAt: "2026-11-02T09:30:00.000Z",
      createdBy: { kind: "cli" as const, id: "test" },
      startedAt: "2026-11-02T09:30:01.000Z",
    };
    // Handled 6,200 + 12 + 0 = 6,212 of 10,000 = 62.12 %: 62 % shown (rounded down), 12.4 of 20 cells → 12 filled.
    expect(progressBar(toView(record))).toBe("[████████████░░░░░░░░] 62% 6,200/10,000 sent · 12 skipped · 0 failed · sending");
    // Nothing to send and finished: a full bar, not a division by zero.
    expect(progressBar(toView({ ...record, status: "done", total: 0, sent: 0, skipSuppressed: 0, skipCapped: 0, skipUnsubscribed: 0 }))).toBe(
      "[████████████████████] 100% 0/0 sent · 0 skipped · 0 failed · done",
    );
  });
});
