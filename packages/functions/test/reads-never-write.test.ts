import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { db, queryAll } from "@rapport/core/db/index";
import { Period, periodOf } from "@rapport/core/period/index";
import { planKeys } from "@rapport/core/plan/keys";
import { createApp } from "../src/api/app.ts";
import { aRep, answerCard, bearer, sessionCookie } from "../../../test/support/fixtures.ts";
import { forgetTimeTravel } from "../../../test/support/job-clock.ts";

const app = createApp();
const period = periodOf(new Date());
let admin: string;
let finance: string;
let rep: { id: string; email: string };
let restore: (() => void) | undefined;

type Body = Record<string, unknown>;
const get = async (path: string, auth = finance): Promise<Body> => {
  const res = await app.request(path, { headers: { authorization: auth } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Body;
};
const post = (path: string, auth = finance) => app.request(path, { method: "POST", headers: { authorization: auth } });
const runJob = async (at: Date) => (await (await post(`/v1/jobs/run?now=${at.toISOString()}`, admin)).json()) as Record<string, number>;
const closes = async (p: string) => ((await get(`/v1/audit?entityId=period_${p}`, admin)).items as { action: string; actor: { kind: string } }[]).filter((e) => e.action === "period.close");

/** Every stored item of the compensation plan: its versions and the pointer to the current one. */
const planItems = async () => (await queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": planKeys.current.pk }, ConsistentRead: true })).length;

/** Makes the transaction that writes a close's SHA-256 fail, as a Lambda stopped mid-close would leave it: frozen, with no snapshot. */
function interruptCloses() {
  const client = db();
  const send = client.send.bind(client);
  const mock = mockClient(client);
  mock.send.callThrough();
  mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    if (input.TransactItems!.some((item) => item.Update?.UpdateExpression?.startsWith("SET sha256"))) {
      throw Object.assign(new Error("Internal server error"), { name: "InternalServerError", $metadata: { httpStatusCode: 500 } });
    }
    return send(new TransactWriteCommand(input));
  });
  restore = () => mock.restore();
}

afterEach(() => {
  restore?.();
  restore = undefined;
});

// Each test runs the job from today on: the job's last `now` is forgotten between them.
beforeEach(forgetTimeTravel);
beforeAll(async () => {
  admin = await bearer("admin");
  finance = await bearer("finance");
  rep = await aRep();
  await answerCard((path, init) => app.request(path, init), rep.id, { listening: 4, followUp: 5 });
}, 60_000);

describe("reads never write", () => {
  it("answers the default plan as version 1 to every read on a fresh install, and stores no plan", async () => {
    expect(await planItems()).toBe(0);
    const plan = await get("/v1/plans/current", admin);
    expect(plan).toMatchObject({ version: 1, components: [{ id: "relationship", weightBase: 0.2, weightStep: 0.05, weightCap: 0.4 }], minResponses: 5, k: 5, fallbackFactor: 1, capFactor: 1.5 });
    expect(await get("/v1/plans/1", admin)).toEqual(plan);
    expect(await get(`/v1/bonus-inputs?period=${period}`)).toMatchObject({ planVersion: 1, locked: false });
    expect(await get(`/v1/reps/${rep.id}/scorecard?period=${period}`, admin)).toMatchObject({ responses: 1 });
    const dashboard = await app.request(`/dashboard?period=${period}`, { headers: { cookie: await sessionCookie(rep.email) } });
    expect(dashboard.status).toBe(200);
    expect(await planItems()).toBe(0);
  });

  it("stores the default plan when a close first needs it, exactly as reads showed it, with the same numbers", async () => {
    const shown = await get("/v1/plans/current", admin);
    const live = await get(`/v1/bonus-inputs?period=${period}`);
    const closed = await app.request(`/v1/periods/${period}/close`, {
      method: "POST",
      headers: { authorization: finance, "content-type": "application/json" },
      body: JSON.stringify({ force: true, reason: "Payroll runs early" }),
    });
    expect(closed.status).toBe(200);
    expect(await planItems()).toBe(2);
    expect(await get("/v1/plans/1", admin)).toEqual(shown);
    const frozen = await get(`/v1/bonus-inputs?period=${period}`);
    expect(frozen).toMatchObject({ planVersion: 1, locked: true, snapshot: { version: 1 } });
    expect(frozen.rows).toEqual(live.rows);
  });

  it("leaves a close interrupted before its snapshot to the scheduled job, never to a read", async () => {
    const past = Period.previous(period);
    const before = await get(`/v1/bonus-inputs?period=${past}`);
    interruptCloses();
    const at = Date.now();
    expect((await post(`/v1/periods/${past}/close`)).status).toBe(500);
    restore!();

    // Reads answer the live rows, unlocked, and finish nothing.
    for (let i = 0; i < 2; i++) {
      const read = await get(`/v1/bonus-inputs?period=${past}`);
      expect(read).toMatchObject({ locked: false, rows: before.rows });
      expect(read).not.toHaveProperty("snapshot");
    }
    expect(await closes(past)).toEqual([]);

    // Within the close's five minutes of grace the job leaves it alone; after them it finishes it, once.
    expect((await runJob(new Date(at + 60_000))).closesFinished).toBe(0);
    expect((await get(`/v1/bonus-inputs?period=${past}`)).locked).toBe(false);
    expect((await runJob(new Date(at + 6 * 60_000))).closesFinished).toBe(1);
    expect(await get(`/v1/bonus-inputs?period=${past}`)).toMatchObject({ locked: true, snapshot: { version: 1 }, rows: before.rows });
    expect((await runJob(new Date(at + 7 * 60_000))).closesFinished).toBe(0);
    // The audit entry names who closed the period, not the job.
    expect((await closes(past)).map((e) => e.actor.kind)).toEqual(["api-key"]);
  });

  it("lets a retried close finish an interrupted one, and the job then finds nothing left to do", async () => {
    const older = Period.previous(Period.previous(period));
    interruptCloses();
    const at = Date.now();
    expect((await post(`/v1/periods/${older}/close`)).status).toBe(500);
    restore!();
    expect((await get(`/v1/bonus-inputs?period=${older}`)).locked).toBe(false);

    const retried = await post(`/v1/periods/${older}/close`);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await post(`/v1/periods/${older}/close`)).status).toBe(409);
    expect((await runJob(new Date(at + 6 * 60_000))).closesFinished).toBe(0);
    expect((await get(`/v1/bonus-inputs?period=${older}`)).locked).toBe(true);
    expect(await closes(older)).toHaveLength(1);
  });
});
