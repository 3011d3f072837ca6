import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Campaign } from "@rapport/core/campaign/index";
import { config } from "@rapport/core/config";
import { Customer } from "@rapport/core/customer/index";
import { Score } from "@rapport/core/score/index";
import { periodOf } from "@rapport/core/period/quarter";
import type { Customer as CustomerRecord } from "@rapport/core/customer/index";
import { aRep, email } from "../../../test/support/fixtures.ts";
import { countsByRecipient } from "../../../test/support/inbox.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const admin = { kind: "cli", id: "test" } as const;
const CUSTOMERS = 1_000;
const checkpoint = join(tmpdir(), `rapport-worker-${process.pid}-${Date.now()}.json`);
const workers: ChildProcess[] = [];

afterAll(() => {
  for (const child of workers) child.kill("SIGKILL");
  rmSync(checkpoint, { force: true });
});

/** The campaign worker as a process of its own on this file's table, once it says it is ready. */
function startWorker(): Promise<ChildProcess> {
  const { sesEndpoint } = inject("engines");
  // The DynamoDB Local this worker's table lives on (test/support/setup.ts).
  const dynamoEndpoint = config().dynamoEndpoint!;
  const { tableName, tokenSecret, appUrl } = config();
  const child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/worker.ts", "--checkpoint", checkpoint], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      RAPPORT_DYNAMODB_ENDPOINT: dynamoEndpoint,
      RAPPORT_SES_ENDPOINT: sesEndpoint,
      RAPPORT_TABLE: tableName,
      RAPPORT_TOKEN_SECRET: tokenSecret,
      RAPPORT_APP_URL: appUrl,
      // A batch claimed by the killed worker is taken over 3 s after its claim.
      RAPPORT_CAMPAIGN_LEASE_SECONDS: "3",
    },
  });
  workers.push(child);
  return new Promise((ok, fail) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("campaign worker ready")) ok(child);
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => fail(new Error(`the worker exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

describe("a campaign worker killed mid-campaign", { timeout: 300_000 }, () => {
  it("resumes when started again: every one of 1,000 customers gets a report card, a second one only within the one batch that was being sent", async () => {
    const reps = await Promise.all(Array.from({ length: 4 }, () => aRep()));
    const customers: CustomerRecord[] = [];
    for (let i = 0; i < CUSTOMERS; i += 50) {
      customers.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => Customer.create({ name: `Crash ${i + j}`, email: email("crash"), repId: reps[(i + j) % 4]!.id }, admin)))));
    }

    const first = await startWorker();
    const started = await Campaign.start({ kind: "report-card" }, admin);
    expect(started).toMatchObject({ status: "queued", total: CUSTOMERS });
    await until(() => Campaign.get(started.id), (c) => c.sent >= 300, 120_000, "300 report cards sent");
    first.kill("SIGKILL");
    await new Promise((ok) => first.once("exit", ok));
    const atKill = await Campaign.get(started.id);
    expect(atKill.status).toBe("sending");
    expect(atKill.sent).toBeLessThan(CUSTOMERS);

    await startWorker();
    const done = await until(() => Campaign.get(started.id), (c) => c.status !== "sending", 180_000, "the campaign to finish");
    expect(done).toMatchObject({ status: "done", total: CUSTOMERS, sent: CUSTOMERS, failed: 0 });

    const counts = [...(await countsByRecipient(customers.map((c) => c.email))).values()];
    expect(counts.filter((n) => n === 0)).toHaveLength(0);
    expect(counts.filter((n) => n > 2)).toHaveLength(0);
    expect(counts.filter((n) => n === 2).length).toBeLessThanOrEqual(50);
    // Each customer counts once toward their rep's response rate, though a batch was sent twice.
    const totals = await Score.totalsForPeriod(periodOf(new Date()));
    expect(reps.reduce((sum, rep) => sum + (totals.get(rep.id)?.invited ?? 0), 0)).toBe(CUSTOMERS);
  });
});
