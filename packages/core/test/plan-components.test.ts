import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { Clock } from "@rapport/core/clock/index";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Submission } from "@rapport/core/submission/index";
import { Flag } from "@rapport/core/flag/index";
import { BonusInputs, type BonusRow } from "@rapport/core/bonus/index";
import { Plan } from "@rapport/core/plan/index";
import { Period } from "@rapport/core/period/index";
import { Scorecard } from "@rapport/core/scorecard/index";
import { Dashboard } from "@rapport/core/dashboard/index";
import { db, tableName } from "@rapport/core/db/index";
import { snapshotKeys } from "@rapport/core/period/keys";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";

// This file's table starts empty; every figure below is worked out by hand from the cards the test writes.
const cli = { kind: "cli", id: "test" } as const;
const NONE = { listening: "na", follow_up: "na", proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" } as const;
const period = "2017-Q2";
const during = new Date("2017-05-10T10:00:00Z");

/** A report card sent (emailed, so it counts as invited) to a new customer of the rep, answered with `ratings` unless they are undefined. */
async function card(repId: string, ratings?: Record<string, number>, improve?: string): Promise<InvitationRecord> {
  return Clock.at(during, async () => {
    const customer = await aCustomer(repId);
    const sent = await Invitation.send({ customerId: customer.id, kind: "report-card" }, cli);
    expect(sent).toMatchObject({ status: "sent", invitedIn: period });
    if (ratings) await Submission.submitReportCard(sent, { ratings: { ...NONE, ...ratings }, ...(improve ? { improve } : {}) });
    return sent;
  });
}

const byId = (row: BonusRow | undefined, id: string) => row?.components.find((c) => c.id === id);

function expectFigures(actual: object | undefined, want: Record<string, number | boolean | null>) {
  expect(actual).toBeDefined();
  for (const [key, value] of Object.entries(want)) {
    const got = (actual as Record<string, unknown>)[key];
    if (typeof value === "number") expect(got as number, key).toBeCloseTo(value, 9);
    else expect(got, key).toBe(value);
  }
}

describe("a plan of three components (relationship rising 5 points a year to 40%, secret gathering 25%, customer first 20%)", () => {
  it("pays each component on its own behaviours, in the plan's third year, below the response-rate floor and after a flagged card is voided", async () => {
    // Started 1 March 2015: 2017-Q2 (1 April 2017) is after the second anniversary, plan year 3.
    const plan = await Plan.create(
      {
        ...Plan.seedsPlan("2015-03-01"),
        behaviourWeights: {},
        minResponses: 2,
        k: 2,
        fallbackFactor: 0.9,
        minResponseRate: 0.5,
        components: [
          { id: "relationship", behaviours: ["follow_up", "reachability", "advocacy"], weightBase: 0.2, weightStep: 0.05, weightCap: 0.4 },
          { id: "secret_gathering", behaviours: ["listening", "proactive"], weightBase: 0.25, weightStep: 0, weightCap: 0.25 },
          // Customer first asks for three cards of its own.
          { id: "customer_first", behaviours: ["customer_first"], weightBase: 0.2, weightStep: 0, weightCap: 0.2, minResponses: 3 },
        ],
      },
      cli,
    );
    const x = await aRep();
    const y = await aRep();
    const z = await aRep();
    await card(x.id, { listening: 5, proactive: 4, follow_up: 4, reachability: 5, advocacy: 3, customer_first: 5 });
    await card(x.id, { listening: 4, follow_up: 2 });
    await card(y.id, { listening: 3, proactive: 3, follow_up: 3, reachability: 3, advocacy: 3, customer_first: 4 });
    await card(y.id, { customer_first: 2, follow_up: 4 });
    // Three more of Y's customers never answer: 2 of 5 answered, 0.4, below the floor of 0.5.
    for (let i = 0; i < 3; i++) await card(y.id);
    await card(z.id, { listening: 4, proactive: 4, follow_up: 4, reachability: 4, advocacy: 4, customer_first: 4 });
    // A card whose comment says the rep asked for good marks: flagged `solicited`, counted until finance decides.
    const abusive = await card(z.id, { listening: 1, follow_up: 1, customer_first: 1 }, "He asked me to give him a 5 because of his bonus.");
    const [flag, ...others] = (await Flag.list(period, { status: "open" })).items;
    expect(others).toEqual([]);
    expect(flag).toMatchObject({ responseId: abusive.id, repId: z.id, rule: "solicited", status: "open" });

    // Before the void, Z's 1s are in the organisation's prior. Relationship's prior: follow_up (4+2+3+4+4+1)/6 = 3,
    // reachability (5+3+4)/3 = 4, advocacy (3+3+4)/3 = 10/3: (3 + 4 + 10/3)/3 = 31/9. X's relationship:
    // 2 cards rated it, raw (3 + 5 + 3)/3 = 11/3, adjusted (2·11/3 + 2·31/9)/4 = 32/9.
    const before = await BonusInputs.forPeriod(period);
    expectFigures(byId(before.rows.find((r) => r.repId === x.id), "relationship"), { responses: 2, rawScore: 11 / 3, adjustedScore: 32 / 9 });

    // Finance voids the flagged card: the aggregates lose exactly it.
    await Flag.voidResponse(flag!.id, { reason: "asked for by the rep" }, cli);
    expect((await Flag.list(period, { status: "open" })).items).toEqual([]);
    const { rows } = await BonusInputs.forPeriod(period);
    const [rx, ry, rz] = [x, y, z].map((rep) => rows.find((r) => r.repId === rep.id));

    // Priors after the void: follow_up 17/5, reachability 4, advocacy 10/3 → relationship (17/5 + 4 + 10/3)/3 = 161/45;
    // listening (5+4+3+4)/4 = 4, proactive (4+3+4)/3 = 11/3 → secret gathering 23/6; customer_first (5+4+2+4)/4 = 15/4.
    // X, relationship: 2 cards, raw 11/3, adjusted (2·11/3 + 2·161/45)/4 = 163/45; the map between 3 → 0.5 and
    // 4 → 1.0 gives 0.5 + 0.5·(163/45 − 3) = 73/90; year 3 weight min(0.40, 0.20 + 0.05·2) = 0.30; share 73/300.
    expectFigures(byId(rx, "relationship"), { responses: 2, rawScore: 11 / 3, adjustedScore: 163 / 45, eligible: true, weight: 0.3, payoutFactor: 73 / 90, bonusShare: 73 / 300 });
    // X, secret gathering: both cards rated listening, raw (4.5 + 4)/2 = 4.25, adjusted (2·4.25 + 2·23/6)/4 = 97/24;
    // between 4 → 1.0 and 4.5 → 1.25: 1 + 0.25·(1/24)/0.5 = 49/48; weight 0.25; share 49/192.
    expectFigures(byId(rx, "secret_gathering"), { responses: 2, rawScore: 4.25, adjustedScore: 97 / 24, eligible: true, weight: 0.25, payoutFactor: 49 / 48, bonusShare: 49 / 192 });
    // X, customer first: one card rated it, below its own minimum of 3: raw 5, adjusted (5 + 2·15/4)/3 = 25/6, the fallback 0.9; share 0.18.
    expectFigures(byId(rx, "customer_first"), { responses: 1, rawScore: 5, adjustedScore: 25 / 6, eligible: false, weight: 0.2, payoutFactor: 0.9, bonusShare: 0.18 });
    // X's row: over every behaviour, raw (4.5 + 4 + 3 + 5 + 3 + 5)/6 = 49/12, prior (4 + 11/3 + 17/5 + 4 + 10/3 + 15/4)/6 = 443/120,
    // adjusted (2·49/12 + 2·443/120)/4 = 3.8875; weight 0.30 + 0.25 + 0.20 = 0.75; share 73/300 + 49/192 + 0.18.
    const xShare = 73 / 300 + 49 / 192 + 0.18;
    expectFigures(rx, { responses: 2, rawScore: 49 / 12, adjustedScore: 3.8875, eligible: true, invited: 2, answered: 2, responseRate: 1, weight: 0.75, bonusShare: xShare, payoutFactor: xShare / 0.75 });

    // Y answered 2 of 5: below the floor, no component is eligible, each pays the fallback 0.9.
    // Relationship: 2 cards, raw (3.5 + 3 + 3)/3 = 19/6, adjusted (2·19/6 + 2·161/45)/4 = 607/180.
    expectFigures(byId(ry, "relationship"), { responses: 2, rawScore: 19 / 6, adjustedScore: 607 / 180, eligible: false, payoutFactor: 0.9, bonusShare: 0.27 });
    // Secret gathering: only the first card rated it: raw 3, adjusted (3 + 2·23/6)/3 = 32/9.
    expectFigures(byId(ry, "secret_gathering"), { responses: 1, rawScore: 3, adjustedScore: 32 / 9, eligible: false, payoutFactor: 0.9, bonusShare: 0.225 });
    // Customer first: 2 cards, raw 3, adjusted (2·3 + 2·15/4)/4 = 3.375.
    expectFigures(byId(ry, "customer_first"), { responses: 2, rawScore: 3, adjustedScore: 3.375, eligible: false, payoutFactor: 0.9, bonusShare: 0.18 });
    expectFigures(ry, { invited: 5, answered: 2, responseRate: 0.4, eligible: false, weight: 0.75, bonusShare: 0.675, payoutFactor: 0.9 });

    // Z: the voided card left the scores and the answered count: 1 card of 2 sent, a rate of 0.5, on the floor.
    // Relationship: raw 4, adjusted (4 + 2·161/45)/3 = 502/135; one card is below the minimum of 2.
    expectFigures(byId(rz, "relationship"), { responses: 1, rawScore: 4, adjustedScore: 502 / 135, eligible: false, bonusShare: 0.27 });
    expectFigures(rz, { responses: 1, invited: 2, answered: 1, responseRate: 0.5, bonusShare: 0.675 });

    // The score card carries the response rate too.
    expect(await Scorecard.forRep(y.id, period, plan)).toMatchObject({ responses: 2, invited: 5, answered: 2, responseRate: 0.4 });

    // The CSV: one line per rep and component, equal to the JSON to four decimals; a rep's lines add up to the row.
    const inputs = await BonusInputs.forPeriod(period);
    const records = parse(BonusInputs.toCsv(inputs), { columns: true, bom: true }) as Record<string, string>[];
    const four = (n: number | null) => (n === null ? "" : n.toFixed(4));
    const mine = records.filter((r) => [x.id, y.id, z.id].includes(r.rep_id!));
    expect(mine).toHaveLength(9);
    for (const record of mine) {
      const row = inputs.rows.find((r) => r.repId === record.rep_id)!;
      const component = byId(row, record.component!)!;
      expect(record).toMatchObject({
        responses: String(component.responses),
        adjusted_score: four(component.adjustedScore),
        weight: four(component.weight),
        payout_factor: four(component.payoutFactor),
        bonus_share: four(component.bonusShare),
        eligible: String(component.eligible),
        invited: String(row.invited),
        response_rate: four(row.responseRate),
      });
    }
    expect(mine.filter((r) => r.rep_id === x.id).map((r) => r.component)).toEqual(["relationship", "secret_gathering", "customer_first"]);

    // Closing freezes the components, and the snapshot's hash is over them.
    const closed = await Clock.at(new Date("2017-07-02T09:00:00Z"), () => Period.close(period, cli));
    const frozen = await BonusInputs.forPeriod(period);
    expect(frozen.locked).toBe(true);
    expect(frozen.rows).toEqual(inputs.rows);
    expect(closed.sha256).toBe(BonusInputs.hashRows(inputs.rows));
  });
});

describe("a plan's components name behaviours the survey has", () => {
  it("refuses an unknown behaviour in a component, naming the field, and stores nothing", async () => {
    const seeds = Plan.seedsPlan("2026-01-01");
    const before = await Plan.current();
    const unknown = { ...seeds, components: seeds.components!.map((c, i) => (i === 2 ? { ...c, behaviours: ["charm"] } : c)) };
    await expect(Plan.create(unknown, cli)).rejects.toMatchObject({ kind: "input", fields: { components: "names a behaviour the survey does not have: charm" } });
    expect(await Plan.current()).toEqual(before);
  });
});

describe("a snapshot closed before components and response rates", () => {
  it("reads each old row as one relationship component with the row's own figures, and 0 invited", async () => {
    const old = "2016-Q3";
    const rep = await aRep();
    await Clock.at(new Date("2016-08-01T10:00:00Z"), async () => {
      const customer = await aCustomer(rep.id);
      const sent = await Invitation.send({ customerId: customer.id, kind: "report-card" }, cli);
      await Submission.submitReportCard(sent, { ratings: { ...NONE, listening: 4, follow_up: 5 } });
    });
    const closed = await Clock.at(new Date("2016-10-02T09:00:00Z"), () => Period.close(old, cli));
    // Rewrite the frozen rows as a close before this change stored them: no components, no response rate.
    const key = snapshotKeys.chunk(old, closed.version, 0);
    const stored = (await db().send(new GetCommand({ TableName: tableName(), Key: key }))).Item!;
    const legacy = (stored.rows as BonusRow[]).map(({ components: _c, invited: _i, answered: _a, responseRate: _r, ...row }) => row);
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...stored, rows: legacy } }));

    const { rows } = await BonusInputs.forPeriod(old);
    const row = rows.find((r) => r.repId === rep.id)!;
    const { repId: _id, repEmail: _e, repName: _n, team: _t, invited: _i, answered: _a, responseRate: _r, components: _c, ...figures } = row;
    expect(row).toMatchObject({ invited: 0, answered: 0, responseRate: null, components: [{ id: "relationship", ...figures }] });
    // The CSV of the old snapshot: one line per rep, component relationship, the same figures.
    const records = parse(BonusInputs.toCsv(await BonusInputs.forPeriod(old)), { columns: true, bom: true }) as Record<string, string>[];
    expect(records.find((r) => r.rep_id === rep.id)).toMatchObject({ component: "relationship", responses: "1", invited: "0", response_rate: "" });
  });
});

describe("a plan of one component with settings of its own", () => {
  it("is explained on the dashboard with the component's own minimum, k and figures", async () => {
    // One component over listening alone, eligible from 3 cards (the plan asks 5), k 1 (the plan's is 2).
    await Plan.create(
      {
        ...Plan.defaultPlan("2018-01-01"),
        weightBase: undefined,
        weightStep: undefined,
        weightCap: undefined,
        minResponses: 5,
        k: 2,
        components: [{ id: "listening_only", behaviours: ["listening"], weightBase: 0.3, weightStep: 0, weightCap: 0.3, minResponses: 3, k: 1 }],
      },
      cli,
    );
    const rep = await aRep();
    const at = new Date("2018-05-10T10:00:00Z");
    for (const listening of [5, 4, 3, 4]) {
      await Clock.at(at, async () => {
        const sent = await Invitation.send({ customerId: (await aCustomer(rep.id)).id, kind: "report-card" }, cli);
        await Submission.submitReportCard(sent, { ratings: { ...NONE, listening, follow_up: 2 } });
      });
    }
    const dashboard = await Clock.at(at, () => Dashboard.forRep(rep.id, "2018-Q2"));
    // 4 cards rated listening: raw (5 + 4 + 3 + 4)/4 = 4; the prior is this rep's own (the only one rated): 4;
    // adjusted (4·4 + 1·4)/5 = 4; eligible with 4 ≥ 3; factor 1.0; share 0.3 × 1 = 0.3.
    expect(dashboard.eligible).toBe(true);
    expect(dashboard.needsMore).toBe(0);
    expect(dashboard.bonus).toMatchObject({ eligible: true, minResponses: 3, k: 1, responses: 4, rawScore: 4, adjustedScore: 4, prior: 4, payoutFactor: 1, weight: 0.3, bonusShare: 0.3 });
  });
});
