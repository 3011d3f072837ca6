import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "@rapport/core/api-key/index";
import { configure } from "@rapport/core/config";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";

// The tests of this file share one table, so the `now` of the runs they ask for only goes forward.
const app = createApp();
const DAY = 86_400_000;
let admin: string;
let adminKeyId: string;
/** The now of the first run asked for with one. */
let travelled: string;

beforeAll(async () => {
  const made = await ApiKey.create({ name: "time traveller", scopes: ["admin"] }, { kind: "cli", id: "test" });
  admin = `Bearer ${made.key}`;
  adminKeyId = made.id;
});
afterEach(() => {
  configure({ allowTimeTravel: true });
});

const run = (now?: string) => app.request(`/v1/jobs/run${now ? `?now=${encodeURIComponent(now)}` : ""}`, { method: "POST", headers: { authorization: admin } });
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** A report card sent now: the job expires it once it is 30 days old. */
async function aSentReportCard() {
  const rep = await aRep();
  const customer = await aCustomer(rep.id);
  const res = await app.request("/v1/invitations", { method: "POST", headers: { authorization: admin, "content-type": "application/json" }, body: JSON.stringify({ customerId: customer.id, kind: "report-card" }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function statusOf(id: string) {
  return ((await (await app.request(`/v1/invitations/${id}`, { headers: { authorization: admin } })).json()) as { status: string }).status;
}

async function audited() {
  const res = await app.request("/v1/audit?entityId=scheduled-job", { headers: { authorization: admin } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { action: string; actor: { kind: string; id: string }; detail?: { now?: string } }[] }).items;
}

async function refusal(res: Response) {
  return { status: res.status, ...((await res.json()) as { error: { code: string; fields?: Record<string, string> } }).error };
}

describe("POST /v1/jobs/run", () => {
  it("runs as of the real clock without now, and audits nothing", async () => {
    const before = Date.now();
    const res = await run();
    expect(res.status).toBe(200);
    const at = new Date(((await res.json()) as { now: string }).now).getTime();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(await audited()).toEqual([]);
  });

  it("refuses now with 403 naming it where the installation does not allow time travel, and moves nothing", async () => {
    const invitation = await aSentReportCard();
    configure({ allowTimeTravel: false });
    const res = await run(inDays(31));
    expect(await refusal(res)).toMatchObject({ status: 403, code: "time_travel_off", fields: { now: "is not accepted on this installation" } });
    expect(await statusOf(invitation)).toBe("sent");
    expect(await audited()).toEqual([]);
  });

  it("refuses now more than 400 days from the real clock, either way, with 400 naming it, and moves nothing", async () => {
    const invitation = await aSentReportCard();
    for (const now of ["9999-12-31T00:00:00Z", inDays(401), inDays(-401)]) {
      const answer = await refusal(await run(now));
      expect(answer, now).toMatchObject({ status: 400, code: "invalid_input" });
      expect(answer.fields?.now, now).toMatch(/^must be within 400 days of /);
    }
    expect(await statusOf(invitation)).toBe("sent");
    expect(await audited()).toEqual([]);
  });

  it("never goes back before the real clock's own last run (the cron's, or one without now)", async () => {
    const invitation = await aSentReportCard();
    expect((await run()).status).toBe(200);
    for (const now of [inDays(-399), new Date(Date.now() - 60_000).toISOString()]) {
      const answer = await refusal(await run(now));
      expect(answer, now).toMatchObject({ status: 409, code: "now_before_last_run" });
      expect(answer.fields?.now, now).toMatch(/^must not be earlier than /);
    }
    expect(await statusOf(invitation)).toBe("sent");
    expect(await audited()).toEqual([]);
  });

  it("runs as of a now within 400 days, and writes it to the audit log with the key that asked", async () => {
    const invitation = await aSentReportCard();
    const now = (travelled = inDays(31));
    const res = await run(now);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { now: string }).now).toBe(now);
    expect(await statusOf(invitation)).toBe("expired");
    expect(await audited()).toEqual([expect.objectContaining({ action: "job.run-as-of", actor: { kind: "api-key", id: adminKeyId }, detail: { now } })]);
  });

  it("runs again as of the same now, and refuses an earlier one with 409 naming now and the last run's now", async () => {
    const now = inDays(60);
    expect((await run(now)).status).toBe(200);
    expect((await run(now)).status).toBe(200);
    const earlier = await refusal(await run(inDays(59)));
    expect(earlier).toMatchObject({ status: 409, code: "now_before_last_run", fields: { now: `must not be earlier than ${now}` } });
    expect((await audited()).map((entry) => entry.detail?.now)).toEqual([travelled, now, now]);
    // The real clock is not a run's now: a run without now still works.
    expect((await run()).status).toBe(200);
  });
});

