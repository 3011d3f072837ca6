import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { Period, periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aRep, answerCard, bearer, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();
const period = periodOf(new Date());
let admin: string;
let finance: string;
const reps: Record<"A" | "B" | "C", { id: string; email: string }> = {} as never;

/** Submits one report card for a new customer of `repId`, rating two behaviours and marking the rest "na". */
const card = (repId: string, listening: number, followUp: number) => answerCard((path, init) => app.request(path, init), repId, { listening, followUp });

const get = (path: string, auth: string, accept = "application/json") => app.request(path, { headers: { authorization: auth, accept } });

/** Closes a period that has not ended yet: forced, with a reason. */
const closeEarly = (p: string, reason: string) =>
  app.request(`/v1/periods/${p}/close`, { method: "POST", headers: { authorization: finance, "content-type": "application/json" }, body: JSON.stringify({ force: true, reason }) });

beforeAll(async () => {
  admin = await bearer("admin");
  finance = await bearer("finance");
  const plan = await app.request("/v1/plans", {
    method: "POST",
    headers: { authorization: admin, "content-type": "application/json" },
    body: JSON.stringify({
      startDate: new Date().toISOString().slice(0, 10),
      weightBase: 0.2,
      weightStep: 0.05,
      weightCap: 0.4,
      behaviourWeights: {},
      minResponses: 5,
      k: 5,
      fallbackFactor: 1,
      factorMap: [
        { score: 1, factor: 0 },
        { score: 3, factor: 0.5 },
        { score: 4, factor: 1 },
        { score: 4.5, factor: 1.25 },
        { score: 5, factor: 1.5 },
      ],
      capFactor: 1.3,
    }),
  });
  expect(plan.status).toBe(201);
  reps.A = await aRep({ name: "A Alvarez", team: "East" });
  reps.B = await aRep({ name: "B Becker", team: "East" });
  reps.C = await aRep({ name: "C Chen", team: "West, \"North\"" });
  // A: 6 cards, every rating 5.
  for (let i = 0; i < 6; i++) await card(reps.A.id, 5, 5);
  // B: 2 cards: listening 3, 4; follow_up 4, 2.
  await card(reps.B.id, 3, 4);
  await card(reps.B.id, 4, 2);
  // C: 5 cards: listening 4, 4, 5, 3, 4; follow_up 4, 3, 4, 4, 5.
  for (const [l, f] of [[4, 4], [4, 3], [5, 4], [3, 4], [4, 5]] as const) await card(reps.C.id, l, f);
}, 120_000);

// Pooled: listening n 13, sum 57 (mean 57/13); follow_up n 13, sum 56 (mean 56/13).
// prior = (57/13 + 56/13) / 2 = 113/26 = 4.3461538462. k = 5, min 5, weight in plan year 1 = 0.20, cap factor 1.3.
const expected = {
  // raw 5; adjusted (6·5 + 5·113/26)/11 = 1345/286 = 4.7027972028; every rating equal → SE 0 → interval [4.7028, 4.7028].
  // factor on the map: 1.25 + 0.25·(4.7028 − 4.5)/0.5 = 1.3513986 → capped at 1.3; bonusShare 0.2·1.3 = 0.26.
  A: { responses: 6, rawScore: 5, adjustedScore: 1345 / 286, ciLow: 1345 / 286, ciHigh: 1345 / 286, eligible: true, weight: 0.2, payoutFactor: 1.3, bonusShare: 0.26 },
  // raw (3.5 + 3)/2 = 3.25; adjusted (2·3.25 + 5·113/26)/7 = 367/91 = 4.0329670330.
  // v_listening = (25 − 2·3.5²)/1 = 0.5, v_follow_up = (20 − 2·3²)/1 = 2; SE² = (2/7)²·(¼·0.5/2 + ¼·2/2) = 0.0255102041
  // interval 4.0329670 ± 1.645·0.1597191 = [3.7702290456, 4.2957050203]. Below the minimum: fallback factor 1.0, share 0.2.
  B: { responses: 2, rawScore: 3.25, adjustedScore: 367 / 91, ciLow: 3.7702290456, ciHigh: 4.2957050203, eligible: false, weight: 0.2, payoutFactor: 1, bonusShare: 0.2 },
  // raw (4 + 4)/2 = 4; adjusted (5·4 + 5·113/26)/10 = 1085/260 = 4.1730769231.
  // v = (82 − 5·4²)/4 = 0.5 for both; SE² = (5/10)²·(¼·0.5/5 + ¼·0.5/5) = 0.0125; interval 4.1730769 ± 0.1839159 = [3.9891603319, 4.3569935142].
  // factor 1 + 0.25·(4.1730769 − 4)/0.5 = 1.0865384615; share 0.2·1.0865384615 = 0.2173076923.
  C: { responses: 5, rawScore: 4, adjustedScore: 1085 / 260, ciLow: 3.9891603319, ciHigh: 4.3569935142, eligible: true, weight: 0.2, payoutFactor: 1.0865384615, bonusShare: 0.2173076923 },
};

type Row = Record<string, number | string | boolean | null>;

function expectRow(row: Row | undefined, want: (typeof expected)["A"]) {
  expect(row).toBeDefined();
  for (const [key, value] of Object.entries(want)) {
    if (typeof value === "number") expect(row![key] as number, key).toBeCloseTo(value, 9);
    else expect(row![key], key).toBe(value);
  }
}

describe("bonus inputs for finance", () => {
  it("match the hand-computed numbers for every rep", async () => {
    const res = await get(`/v1/bonus-inputs?period=${period}`, finance);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ period, locked: false });
    expect(body.rows).toHaveLength(3);
    for (const name of ["A", "B", "C"] as const) expectRow(body.rows.find((r: Row) => r.repId === reps[name].id), expected[name]);
  });

  it("serve the same numbers as RFC 4180 CSV to four decimals", async () => {
    const json = await (await get(`/v1/bonus-inputs?period=${period}`, finance)).json();
    const res = await get(`/v1/bonus-inputs?period=${period}`, finance, "text/csv");
    expect(res.headers.get("content-type")).toContain("text/csv");
    const records = parse(await res.text(), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    // product.md's columns in its order, then the component and the response rate at the end.
    expect(Object.keys(records[0]!)).toEqual([
      "rep_id", "rep_email", "rep_name", "team", "period", "responses", "raw_score", "adjusted_score", "ci_low", "ci_high", "eligible", "weight", "payout_factor", "bonus_share",
      "component", "invited", "answered", "response_rate",
    ]);
    const four = (x: number | null) => (x === null ? "" : x.toFixed(4));
    // The default plan is one component, `relationship`: one line per rep, with the row's own figures.
    expect(records).toEqual(
      json.rows.map((r: Row) => ({
        rep_id: r.repId,
        rep_email: r.repEmail,
        rep_name: r.repName,
        team: r.team ?? "",
        period,
        responses: String(r.responses),
        raw_score: four(r.rawScore as number),
        adjusted_score: four(r.adjustedScore as number),
        ci_low: four(r.ciLow as number),
        ci_high: four(r.ciHigh as number),
        eligible: String(r.eligible),
        weight: four(r.weight as number),
        payout_factor: four(r.payoutFactor as number),
        bonus_share: four(r.bonusShare as number),
        component: "relationship",
        invited: String(r.invited),
        answered: String(r.answered),
        response_rate: four(r.responseRate as number | null),
      })),
    );
    expect(records.find((r) => r.rep_id === reps.C.id)!.team).toBe('West, "North"');
  });

  it("need a finance key", async () => {
    expect((await app.request(`/v1/bonus-inputs?period=${period}`)).status).toBe(401);
    expect((await get(`/v1/bonus-inputs?period=${period}`, admin)).status).toBe(403);
    const bad = await get("/v1/bonus-inputs?period=2026-Q5", finance);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual({ period: "must be a quarter such as 2026-Q4" });
  });

  it("refuses to close a period that has not ended unless forced with a reason, and audits the reason", async () => {
    const closing = await app.request(`/v1/periods/${period}/close`, { method: "POST", headers: { authorization: finance } });
    expect(closing.status).toBe(409);
    expect((await closing.json()).error.code).toBe("period_not_ended");
    const withJson = (body: unknown) => app.request(`/v1/periods/${period}/close`, { method: "POST", headers: { authorization: finance, "content-type": "application/json" }, body: JSON.stringify(body) });
    // A reason alone is not a force, and force alone is not a reason.
    expect((await (await withJson({ reason: "End of year" })).json()).error.code).toBe("period_not_ended");
    for (const body of [{ force: true }, { force: true, reason: "   " }, { force: true, reason: "x".repeat(1001) }]) {
      const res = await withJson(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await res.json()).error.fields)).toEqual(["reason"]);
    }
    expect((await withJson({ force: "yes", reason: "End of year" })).status).toBe(400);
    expect((await (await get(`/v1/bonus-inputs?period=${period}`, finance)).json()).locked).toBe(false);
    const audit = await (await app.request(`/v1/audit?entityId=period_${period}`, { headers: { authorization: admin } })).json();
    expect(audit.items).toEqual([]);

    // A period that has ended closes without a body; its audit entry says nothing of force.
    const past = Period.previous(period);
    const closed = await app.request(`/v1/periods/${past}/close`, { method: "POST", headers: { authorization: finance } });
    expect(closed.status).toBe(200);
    const [entry] = (await (await app.request(`/v1/audit?entityId=period_${past}`, { headers: { authorization: admin } })).json()).items;
    expect(entry.action).toBe("period.close");
    expect(entry.detail).not.toHaveProperty("forced");
    expect(entry.detail).not.toHaveProperty("reason");

    const doc = await (await app.request("/openapi.json")).json();
    const route = doc.paths["/v1/periods/{period}/close"].post;
    expect(route.requestBody.required).toBe(false);
    expect(route.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/CloseInput" });
    expect(Object.keys(doc.components.schemas.CloseInput.properties)).toEqual(["force", "reason"]);
    expect(route.responses["409"].description).toContain("period_not_ended");
  });

  it("freeze on close: later responses count in the next period; reopen and close again make version 2", async () => {
    const before = await (await get(`/v1/bonus-inputs?period=${period}`, finance)).json();
    const closed = await closeEarly(period, "Payroll runs before the quarter ends");
    expect(closed.status).toBe(200);
    const v1 = await closed.json();
    expect(v1).toMatchObject({ period, version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await closeEarly(period, "Payroll runs before the quarter ends")).status).toBe(409);

    await card(reps.B.id, 1, 1);
    const locked = await (await get(`/v1/bonus-inputs?period=${period}`, finance)).json();
    expect(locked).toMatchObject({ locked: true, snapshot: { version: 1, sha256: v1.sha256 } });
    expect(locked.rows).toEqual(before.rows);
    const next = await (await get(`/v1/reps/${reps.B.id}/scorecard?period=${Period.next(period)}`, admin)).json();
    expect(next).toMatchObject({ responses: 1, rawScore: 1 });
    // The rep's dashboard shows the frozen numbers for the closed period. The plan published in beforeAll is
    // version 2: reads answered the default plan as version 1, so publishing stored that version first.
    const dashboard = await (await app.request(`/dashboard?period=${period}`, { headers: { cookie: await sessionCookie(reps.B.email) } })).text();
    expect(dashboard).toContain(`${period} is closed: these numbers are locked and will not change (plan version 2).`);

    const noReason = await app.request(`/v1/periods/${period}/reopen`, { method: "POST", headers: { authorization: finance, "content-type": "application/json" }, body: "{}" });
    expect(noReason.status).toBe(400);
    const reopened = await app.request(`/v1/periods/${period}/reopen`, {
      method: "POST",
      headers: { authorization: finance, "content-type": "application/json" },
      body: JSON.stringify({ reason: "A late report card for C was voided by mistake" }),
    });
    expect(reopened.status).toBe(200);
    await card(reps.C.id, 5, 5);
    const v2 = await (await closeEarly(period, "Closing again after the voided card was restored")).json();
    expect(v2.version).toBe(2);
    expect(v2.sha256).not.toBe(v1.sha256);
    const old = await (await get(`/v1/bonus-inputs?period=${period}&version=1`, finance)).json();
    expect(old.snapshot).toMatchObject({ version: 1, sha256: v1.sha256 });
    expect(old.rows).toEqual(before.rows);

    const audit = await (await app.request(`/v1/audit?entityId=period_${period}`, { headers: { authorization: admin } })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["period.close", "period.reopen", "period.close"]);
    // Both closes were forced before the period ended: the one audit entry of each close keeps its reason (the reopen has its own).
    expect(audit.items.map((e: { detail: { forced?: boolean; reason?: string } }) => [e.detail.forced, e.detail.reason])).toEqual([
      [true, "Payroll runs before the quarter ends"],
      [undefined, "A late report card for C was voided by mistake"],
      [true, "Closing again after the voided card was restored"],
    ]);
    // Each close records the hash it froze; the reopen records the hash it set aside.
    expect(audit.items.map((e: { detail: { sha256?: string; previousSha256?: string } }) => e.detail.sha256 ?? e.detail.previousSha256)).toEqual([v1.sha256, v1.sha256, v2.sha256]);
  });
});
