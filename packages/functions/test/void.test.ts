import { beforeAll, describe, expect, it } from "vitest";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aRep, answerCard, bearer } from "../../../test/support/fixtures.ts";

const app = createApp();
const period = periodOf(new Date());
let admin: string;
let finance: string;

beforeAll(async () => {
  admin = await bearer("admin");
  finance = await bearer("finance");
});

const post = (path: string, body: unknown, auth: string) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify(body) });

const card = (repId: string, listening: number, followUp: number) => answerCard((path, init) => app.request(path, init), repId, { listening, followUp });

const scorecard = async (repId: string) => (await app.request(`/v1/reps/${repId}/scorecard?period=${period}`, { headers: { authorization: admin } })).json();

describe("voiding an abusive report card", () => {
  it("takes its ratings and its card out of the scores, exactly, and audits it", async () => {
    const rep = await aRep();
    await card(rep.id, 5, 4);
    await card(rep.id, 4, 4);
    const abusive = await card(rep.id, 1, 2);
    // Before: listening (5 + 4 + 1)/3 = 3.3333, follow_up (4 + 4 + 2)/3 = 3.3333 → raw 3.3333, 3 responses.
    expect(await scorecard(rep.id)).toMatchObject({ responses: 3, rawScore: expect.closeTo(10 / 3, 12) });

    expect((await post(`/v1/invitations/${abusive}/void`, {}, admin)).status).toBe(400);
    expect((await post(`/v1/invitations/${abusive}/void`, { reason: "Abusive language; not a customer" }, finance)).status).toBe(403);
    const res = await post(`/v1/invitations/${abusive}/void`, { reason: "Abusive language; not a customer" }, admin);
    expect(res.status, await res.clone().text()).toBe(200);
    // After: listening (5 + 4)/2 = 4.5, follow_up (4 + 4)/2 = 4 → raw 4.25; the only rep, so the prior is 4.25 too.
    const after = await scorecard(rep.id);
    expect(after).toMatchObject({ responses: 2, rawScore: 4.25, adjustedScore: 4.25 });
    expect(after.behaviours.slice(0, 2)).toEqual([
      { id: "listening", n: 2, mean: 4.5 },
      { id: "follow_up", n: 2, mean: 4 },
    ]);
    expect((await (await app.request(`/v1/invitations/${abusive}`, { headers: { authorization: admin } })).json()).voidedAt).toEqual(expect.any(String));
    expect((await post(`/v1/invitations/${abusive}/void`, { reason: "again, by mistake" }, admin)).status).toBe(409);
    // The customer cannot put the answers back by posting again.
    const again = await app.request(`/s/${Invitation.tokenOf(abusive)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ratings: { listening: 5, follow_up: 5, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" } }),
    });
    expect(again.status).toBe(409);
    expect((await scorecard(rep.id)).responses).toBe(2);
    const audit = await (await app.request(`/v1/audit?entityId=${abusive}`, { headers: { authorization: admin } })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["invitation.create", "response.void"]);
  });

  it("is refused once the period is closed", async () => {
    const rep = await aRep();
    const late = await card(rep.id, 1, 1);
    expect((await post(`/v1/periods/${period}/close`, { force: true, reason: "Payroll cut-off before the quarter ends" }, finance)).status).toBe(200);
    const res = await post(`/v1/invitations/${late}/void`, { reason: "Abusive language" }, admin);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("period_closed");
  });
});
