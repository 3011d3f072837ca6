import { beforeAll, describe, expect, it } from "vitest";
import { Period, periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aRep, bearer } from "../../../test/support/fixtures.ts";

const app = createApp();
const period = periodOf(new Date());
let admin: string;
let finance: string;

type Body = Record<string, unknown>;

/** A valid plan (the product's defaults) with `changes` applied. */
function plan(changes: Body = {}): Body {
  return {
    startDate: new Date().toISOString().slice(0, 10),
    weightBase: 0.2,
    weightStep: 0.05,
    weightCap: 0.4,
    behaviourWeights: { listening: 2, follow_up: 1, proactive: 1, reachability: 1, advocacy: 1, customer_first: 1 },
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
    capFactor: 1.5,
    ...changes,
  };
}

const publish = (body: Body, auth = admin) =>
  app.request("/v1/plans", { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify(body) });

const get = async (path: string, auth = admin) => {
  const res = await app.request(path, { headers: { authorization: auth } });
  return { status: res.status, body: (await res.json()) as Body & { error?: { code: string; fields?: Record<string, string> } } };
};

const currentVersion = async () => (await get("/v1/plans/current")).body.version as number;

/** The ISO date (UTC) `years` years and `days` days before `at`. */
const before = (at: Date, years: number, days = 0) => new Date(Date.UTC(at.getUTCFullYear() - years, at.getUTCMonth(), at.getUTCDate() - days)).toISOString().slice(0, 10);

beforeAll(async () => {
  admin = await bearer("admin");
  finance = await bearer("finance");
  // Until a plan is published, every read answers the default plan as version 1 (and stores nothing).
  expect(await currentVersion()).toBe(1);
});

describe("publishing a compensation plan", () => {
  const rejected: [string, Body, string, RegExp][] = [
    [
      "a factor map whose factor decreases as the score rises",
      { factorMap: [{ score: 1, factor: 0 }, { score: 3, factor: 1 }, { score: 4, factor: 0.8 }, { score: 5, factor: 1.5 }] },
      "factorMap",
      /never decrease/,
    ],
    ["a factor map whose scores do not increase", { factorMap: [{ score: 1, factor: 0 }, { score: 4, factor: 1 }, { score: 4, factor: 1.2 }] }, "factorMap", /scores must increase/],
    ["a weight cap below the base weight", { weightBase: 0.3, weightCap: 0.25 }, "weightCap", /at least weightBase/],
    ["a weight for a behaviour the survey does not have", { behaviourWeights: { listening: 1, charm: 2 } }, "behaviourWeights", /behaviour the survey does not have/],
    ["a minimum of 0 responses", { minResponses: 0 }, "minResponses", /at least 1/],
    ["lost-deal cards that neither coach nor count", { lostDealCards: "bonus" }, "lostDealCards", /must be coaching or counted/],
    ["a start date that is not on the calendar", { startDate: "2026-02-30" }, "startDate", /real calendar date/],
    ["components beside the plan's one ramp", { components: [{ id: "relationship", weightBase: 0.2, weightStep: 0.05, weightCap: 0.4 }] }, "components", /must be left out/],
    [
      "components whose caps add up to more than the whole bonus",
      { weightBase: undefined, weightStep: undefined, weightCap: undefined, components: [{ id: "a", behaviours: ["listening"], weightBase: 0.5, weightStep: 0, weightCap: 0.6 }, { id: "b", behaviours: ["advocacy"], weightBase: 0.4, weightStep: 0, weightCap: 0.5 }] },
      "components",
      /add up to at most 1/,
    ],
    [
      "a component over a behaviour the survey does not have",
      { weightBase: undefined, weightStep: undefined, weightCap: undefined, components: [{ id: "charm", behaviours: ["charm"], weightBase: 0.2, weightStep: 0, weightCap: 0.2 }] },
      "components",
      /behaviour the survey does not have: charm/,
    ],
  ];

  for (const [what, changes, field, message] of rejected) {
    it(`refuses ${what} with a 400 naming ${field}, and publishes nothing`, async () => {
      const version = await currentVersion();
      const res = await publish(plan(changes));
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
      expect(body.error.code).toBe("invalid_input");
      expect(Object.keys(body.error.fields)).toEqual([field]);
      expect(body.error.fields[field]).toMatch(message);
      expect(body.error.message).toContain(field);
      expect(await currentVersion()).toBe(version);
    });
  }

  it("refuses a finance key with 403: only an admin changes the plan", async () => {
    const version = await currentVersion();
    expect((await publish(plan(), finance)).status).toBe(403);
    expect(await currentVersion()).toBe(version);
  });

  it("publishes a valid plan as the next version, and keeps the old version readable", async () => {
    const old = (await get("/v1/plans/current")).body;
    expect(old.version).toBe(1);

    const res = await publish(plan({ k: 8, minResponses: 3 }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as Body;
    expect(created).toMatchObject({ version: 2, k: 8, minResponses: 3, components: [{ id: "relationship", weightBase: 0.2, weightStep: 0.05, weightCap: 0.4 }] });

    const current = await get("/v1/plans/current");
    expect(current.status).toBe(200);
    expect(current.body).toEqual(created);

    const first = await get("/v1/plans/1");
    expect(first.status).toBe(200);
    expect(first.body).toEqual(old);
    expect(first.body).toMatchObject({ version: 1, k: 5, minResponses: 5 });

    const missing = await get("/v1/plans/99");
    expect(missing.status).toBe(404);
  });

  it("writes every plan change to the audit log, with who made it and the plan before and after", async () => {
    const before = await currentVersion();
    const published = await publish(plan({ k: 7, minResponses: 4 }));
    expect(published.status).toBe(201);
    const version = before + 1;
    const res = await get(`/v1/audit?entityId=plan_v${version}`);
    expect(res.status).toBe(200);
    const items = res.body.items as { action: string; entityId: string; actor: { kind: string }; detail: { before: Body | null; after: Body } }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: "plan.create", entityId: `plan_v${version}`, actor: { kind: "api-key" } });
    expect(items[0]!.detail.before).toMatchObject({ version: before });
    expect(items[0]!.detail.after).toMatchObject({ version, k: 7, minResponses: 4 });

    // The default plan was stored as version 1 by the first publication, with nothing before it.
    const first = (await get("/v1/audit?entityId=plan_v1")).body.items as { action: string; detail: { before: Body | null } }[];
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ action: "plan.create", detail: { before: null } });
  });

  it("keeps lostDealCards as published: coaching when left out, counted when asked, read back as it can be published again", async () => {
    const coaching = (await (await publish(plan())).json()) as Body;
    expect(coaching.lostDealCards).toBe("coaching");
    const counted = (await (await publish(plan({ lostDealCards: "counted" }))).json()) as Body;
    expect(counted.lostDealCards).toBe("counted");
    const read = (await get("/v1/plans/current")).body as Body;
    expect(read.lostDealCards).toBe("counted");
    const { version: _v, createdAt: _c, ...again } = read;
    expect(((await (await publish(again)).json()) as Body).lostDealCards).toBe("counted");
    expect(((await (await publish(plan())).json()) as Body).lostDealCards).toBe("coaching");
  });
});

describe("the report card's share of the bonus by plan year", () => {
  const start = Period.bounds(period).start;

  async function weightWith(changes: Body) {
    const published = await publish(plan(changes));
    expect(published.status).toBe(201);
    const { version } = (await published.json()) as { version: number };
    const rep = await aRep();
    const res = await get(`/v1/bonus-inputs?period=${period}`, finance);
    expect(res.status).toBe(200);
    expect(res.body.planVersion).toBe(version);
    const row = (res.body.rows as { repId: string; weight: number; eligible: boolean; payoutFactor: number; bonusShare: number }[]).find((r) => r.repId === rep.id);
    expect(row).toBeDefined();
    // No responses: not eligible, so the fallback factor 1 applies and the share equals the weight.
    expect(row).toMatchObject({ eligible: false, payoutFactor: 1 });
    expect(row!.bonusShare).toBeCloseTo(row!.weight, 12);
    return row!.weight;
  }

  it("is 0.30 in plan year 3: the start date two years and a day before the period starts", async () => {
    // The period starts after the second anniversary: year 3, weight min(0.40, 0.20 + 0.05·2) = 0.30.
    expect(await weightWith({ startDate: before(start, 2, 1) })).toBe(0.3);
  });

  it("is 0.25 in plan year 2: the start date one day short of two years before the period starts", async () => {
    // The second anniversary falls the day after the period starts: year 2, weight 0.20 + 0.05·1 = 0.25.
    expect(await weightWith({ startDate: before(start, 2, -1) })).toBe(0.25);
  });

  it("is held at the cap once the ramp passes it: a plan started 10 years ago", async () => {
    // Year 11: 0.20 + 0.05·10 = 0.70, capped at 0.35.
    expect(await weightWith({ startDate: before(new Date(), 10), weightCap: 0.35 })).toBe(0.35);
  });

  it("is the base weight in the first plan year", async () => {
    expect(await weightWith({ startDate: before(start, 0) })).toBe(0.2);
  });

  it("is the sum of the components' weights, each on its own ramp, and a plan reads back as it can be published again", async () => {
    // Year 3: relationship min(0.40, 0.20 + 0.05·2) = 0.30, secret gathering 0.25, customer first 0.20: 0.75.
    const components = [
      { id: "relationship", behaviours: ["follow_up", "reachability", "advocacy"], weightBase: 0.2, weightStep: 0.05, weightCap: 0.4 },
      { id: "secret_gathering", behaviours: ["listening", "proactive"], weightBase: 0.25, weightStep: 0, weightCap: 0.25 },
      { id: "customer_first", behaviours: ["customer_first"], weightBase: 0.2, weightStep: 0, weightCap: 0.2, minResponses: 3 },
    ];
    expect(await weightWith({ startDate: before(start, 2, 1), weightBase: undefined, weightStep: undefined, weightCap: undefined, components })).toBe(0.75);
    const current = await get("/v1/plans/current");
    expect(current.body.components).toEqual(components);
    const { version: _v, createdAt: _c, ...again } = current.body;
    const republished = await publish(again);
    expect(republished.status).toBe(201);
    expect(await republished.json()).toMatchObject({ components });
  });
});
