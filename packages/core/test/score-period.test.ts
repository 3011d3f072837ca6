import { describe, expect, it } from "vitest";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { aggregateKeys } from "@rapport/core/aggregate/keys";
import { invitedPut } from "@rapport/core/campaign/invited";
import { periodOf } from "@rapport/core/period/quarter";
import { Score } from "@rapport/core/score/index";
import { componentTotals, setAttribute, totalsForPeriod, totalsOf, type Totals } from "@rapport/core/score/totals";

const put = (item: Record<string, unknown>) => db().send(new PutCommand({ TableName: tableName(), Item: item }));

describe("a period's totals, read from its aggregate partition", () => {
  it("gives each rep their counted cards and ratings, and adds the report cards campaign batches sent to `invited`", async () => {
    const at = new Date("2031-05-14T10:00:00Z");
    const period = periodOf(at);
    // Rep 1 answered two cards (listening 4 and 5: sum 9, squares 16 + 25 = 41); 3 cards were sent one by one.
    await put({ ...aggregateKeys.rep(period, "rep_1"), type: "aggregate", repId: "rep_1", cards: 2, n_listening: 2, s_listening: 9, q_listening: 41, rs_listening: 2, invited: 3, answered: 2 });
    // Two batches of a campaign: the first sent 2 cards for rep 1 and 3 for rep 2, the second 1 for rep 2.
    await put(invitedPut("cmp_a", 0, at, [{ repId: "rep_1" }, { repId: "rep_2" }, { repId: "rep_1" }, { repId: "rep_2" }, { repId: "rep_2" }]).Put.Item);
    await put(invitedPut("cmp_a", 1, at, [{ repId: "rep_2" }]).Put.Item);
    // Another period's rep is not this period's.
    await put({ ...aggregateKeys.rep(periodOf(new Date("2031-09-14T10:00:00Z")), "rep_3"), type: "aggregate", repId: "rep_3", cards: 1, invited: 1 });

    const totals = await totalsForPeriod(period);
    expect([...totals.keys()].sort()).toEqual(["rep_1", "rep_2"]);
    // invited: 3 sent one by one + 2 by the campaign = 5.
    expect(totals.get("rep_1")).toEqual({ cards: 2, behaviours: { listening: { n: 2, sum: 9, sumsq: 41 } }, sets: { listening: 2 }, invited: 5, answered: 2 });
    // Rep 2 has no aggregate item of their own yet: no cards, and 3 + 1 = 4 invited by the campaign.
    expect(totals.get("rep_2")).toEqual({ cards: 0, behaviours: {}, sets: {}, invited: 4, answered: 0 });
  });

  it("answers an empty map for a period nothing was counted in", async () => {
    expect(await totalsForPeriod(periodOf(new Date("2032-02-01T10:00:00Z")))).toEqual(new Map());
  });
});

describe("a period's scores for the plan's components", () => {
  it("scores each component over its own behaviours, k and minimum, against the organisation pooled over the same behaviours", async () => {
    const period = periodOf(new Date("2031-11-20T10:00:00Z"));
    const both = setAttribute(["listening", "follow_up"]);
    // Rep 1: listening 4, 5 (sum 9, squares 41); follow_up 5, 5 (sum 10, squares 50); both on 2 cards.
    await put({ ...aggregateKeys.rep(period, "rep_1"), type: "aggregate", repId: "rep_1", cards: 2, n_listening: 2, s_listening: 9, q_listening: 41, n_follow_up: 2, s_follow_up: 10, q_follow_up: 50, [both]: 2 });
    // Rep 2: listening 3, follow_up 2, on 1 card.
    await put({ ...aggregateKeys.rep(period, "rep_2"), type: "aggregate", repId: "rep_2", cards: 1, n_listening: 1, s_listening: 3, q_listening: 9, n_follow_up: 1, s_follow_up: 2, q_follow_up: 4, [both]: 1 });
    // Rep 3: listening 1 only, on 1 card.
    await put({ ...aggregateKeys.rep(period, "rep_3"), type: "aggregate", repId: "rep_3", cards: 1, n_listening: 1, s_listening: 1, q_listening: 1, [setAttribute(["listening"])]: 1 });
    // Pooled: listening n 4, sum 13, mean 3.25; follow_up n 3, sum 12, mean 4.
    const scores = await Score.forPeriod(period, { behaviourWeights: { listening: 2 }, k: 5, minResponses: 3 });
    const followUp = { behaviours: ["follow_up"], k: 3, minResponses: 2 };
    const listening = { behaviours: ["listening"], k: 1, minResponses: 1 };
    const everything = { behaviours: null, k: 5, minResponses: 3 };

    // follow_up: the prior is its pooled mean, 4. Rep 1: raw 5 on 2 cards; (2·5 + 3·4) / (2 + 3) = 22 / 5 = 4.4.
    expect(scores.componentPrior(followUp)).toBe(4);
    expect(scores.component("rep_1", followUp)).toMatchObject({ responses: 2, rawScore: 5, adjustedScore: 4.4, eligible: true });
    // Rep 3 never rated follow_up: no cards for it, the prior as the score, not eligible.
    expect(scores.component("rep_3", followUp)).toMatchObject({ responses: 0, rawScore: null, adjustedScore: 4, eligible: false });
    // listening, asked after follow_up: its own prior 3.25 and k 1. Rep 1: raw 4.5; (2·4.5 + 1·3.25) / 3 = 12.25 / 3.
    expect(scores.componentPrior(listening)).toBe(3.25);
    expect(scores.component("rep_1", listening).adjustedScore).toBeCloseTo(12.25 / 3, 12);
    expect(scores.component("rep_3", listening)).toMatchObject({ responses: 1, rawScore: 1, eligible: true });
    // Every behaviour, listening weighing 2: prior (2·3.25 + 4) / 3 = 3.5; rep 1 raw (2·4.5 + 5) / 3 = 14/3,
    // adjusted (2·14/3 + 5·3.5) / 7 = 23/6, 2 cards under the minimum of 3.
    expect(scores.componentPrior(everything)).toBe(3.5);
    const all = scores.component("rep_1", everything);
    expect(all.rawScore).toBeCloseTo(14 / 3, 12);
    expect(all.adjustedScore).toBeCloseTo(23 / 6, 12);
    expect(all.eligible).toBe(false);
    // Asked again, follow_up is still follow_up's.
    expect(scores.component("rep_1", followUp).adjustedScore).toBe(4.4);
  });
});

describe("reading an aggregate item", () => {
  it("names a set counter by its behaviours sorted, whatever order they come in, and leaves the list as it was", () => {
    const order = ["listening", "customer_first", "follow_up"];
    expect(setAttribute(order)).toBe("rs_customer_first+follow_up+listening");
    expect(order).toEqual(["listening", "customer_first", "follow_up"]);
  });

  it("reads only whole attributes it knows: a number under n_, s_, q_, l_ or rs_, at the start of the name", () => {
    const item = { pk: "AGG#x", sk: "REP#r", cards: 4, rs_listening: "2", s_follow_up: 7, n_listening: 1, xn_listening: 9, s_listening: 3, q_listening: 9, l_listening: 0, "rs_follow_up+listening": 1 };
    // A string set count and a name that only contains n_ are left out; follow_up, seen by its sum alone, starts from zeros.
    expect(totalsOf(item)).toStrictEqual({
      cards: 4,
      behaviours: { listening: { n: 1, sum: 3, sumsq: 9, low: 0 }, follow_up: { n: 0, sum: 7, sumsq: 0 } },
      sets: { "follow_up+listening": 1 },
      invited: 0,
      answered: 0,
    });
  });

  it("gives a component only the behaviours it has totals for", () => {
    const totals: Totals = { cards: 2, behaviours: { listening: { n: 2, sum: 8, sumsq: 32 } }, sets: { listening: 2 } };
    expect(componentTotals(totals, ["listening", "proactive"])).toStrictEqual({ cards: 2, behaviours: { listening: { n: 2, sum: 8, sumsq: 32 } } });
  });
});
