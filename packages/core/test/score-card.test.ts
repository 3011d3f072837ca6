import { describe, expect, it } from "vitest";
import { Score, rawScoreOf, type Basis, type Totals } from "@rapport/core/score/index";
import { componentTotals, pool } from "@rapport/core/score/totals";

/** The recipe with the prior beside the plan's terms, as these tests state them. */
const scoreOf = (totals: Totals, prior: number | null, terms: Omit<Basis, "prior">) => Score.of(totals, { ...terms, prior });
import { Scorecard } from "@rapport/core/scorecard/index";
import { totalsOf } from "@rapport/core/score/totals";
import { Plan } from "@rapport/core/plan/index";
import { Clock } from "@rapport/core/clock/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Submission } from "@rapport/core/submission/index";
import { Survey } from "@rapport/core/survey/index";
import { voidReportCard } from "@rapport/core/response/void";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";

const behaviours = ["listening", "follow_up"];
const equal = { behaviours, weights: {}, k: 5, minResponses: 3 };

describe("a rep's score card", () => {
  it("clamps the interval at 1 as well as at 5", () => {
    // listening 1 and 5: mean 3, v = (26 − 2·3²)/1 = 8; SE² = 8/2 = 4 with k = 0 (no shrinking), SE = 2.
    // 3 ± 1.645·2 = [−0.29, 6.29], clamped to [1, 5].
    const spread: Totals = { cards: 2, behaviours: { listening: { n: 2, sum: 6, sumsq: 26 } } };
    const s = scoreOf(spread, null, { ...equal, k: 0 });
    expect(s).toMatchObject({ rawScore: 3, adjustedScore: 3, ciLow: 1, ciHigh: 5 });
  });

  it("leaves a behaviour weighted 0 out of the raw score and out of the interval", () => {
    // follow_up has weight 0: raw = listening's mean = 12/3 = 4; adjusted with prior 3, k 1: (3·4 + 1·3)/4 = 3.75.
    // v_listening = (50 − 3·16)/2 = 1; SE² = (3/4)²·(1²·1/3) = 0.1875; SE = 0.4330127019; 1.645·SE = 0.7123058946.
    const totals: Totals = { cards: 3, behaviours: { listening: { n: 3, sum: 12, sumsq: 50 }, follow_up: { n: 3, sum: 3, sumsq: 5 } } };
    const s = scoreOf(totals, 3, { behaviours, weights: { listening: 2, follow_up: 0 }, k: 1, minResponses: 3 });
    expect(s.rawScore).toBe(4);
    expect(s.adjustedScore).toBeCloseTo(3.75, 12);
    expect(s.ciLow).toBeCloseTo(3.0376941054, 9);
    expect(s.ciHigh).toBeCloseTo(4.4623058946, 9);
  });

  it("weights each behaviour's share of the spread by the plan", () => {
    // Weights listening 3, follow_up 1 (W = 4); prior 4, k 2, two cards each.
    // listening 3 and 5: mean 4, v = (34 − 2·16)/1 = 2; follow_up 2 and 2: mean 2, v = 0.
    // raw = (3·4 + 1·2)/4 = 3.5; adjusted = (2·3.5 + 2·4)/4 = 3.75.
    // SE² = (2/4)²·((3/4)²·2/2) = 0.25·0.5625 = 0.140625; SE = 0.375; 1.645·0.375 = 0.616875.
    const totals: Totals = { cards: 2, behaviours: { listening: { n: 2, sum: 8, sumsq: 34 }, follow_up: { n: 2, sum: 4, sumsq: 8 } } };
    const s = scoreOf(totals, 4, { behaviours, weights: { listening: 3, follow_up: 1 }, k: 2, minResponses: 3 });
    expect(s.rawScore).toBe(3.5);
    expect(s.adjustedScore).toBe(3.75);
    expect(s.ciLow).toBeCloseTo(3.133125, 12);
    expect(s.ciHigh).toBeCloseTo(4.366875, 12);
  });

  it("answers the raw score when there is no organisation prior, and no score or interval without ratings either", () => {
    // listening 4, 4, 5: raw 13/3; with no prior the raw score stands, whatever k.
    const totals: Totals = { cards: 3, behaviours: { listening: { n: 3, sum: 13, sumsq: 57 } } };
    expect(scoreOf(totals, null, equal).adjustedScore).toBeCloseTo(13 / 3, 12);
    expect(scoreOf({ cards: 0, behaviours: {} }, null, equal)).toMatchObject({ rawScore: null, adjustedScore: null, ciLow: null, ciHigh: null, eligible: false });
  });

  it("answers the prior, with no spread, when every rated behaviour weighs 0", () => {
    const totals: Totals = { cards: 4, behaviours: { follow_up: { n: 4, sum: 8, sumsq: 20 } } };
    const s = scoreOf(totals, 3.9, { behaviours, weights: { follow_up: 0 }, k: 5, minResponses: 3 });
    expect(s).toMatchObject({ responses: 4, rawScore: null, adjustedScore: 3.9, ciLow: 3.9, ciHigh: 3.9, eligible: true });
  });

  it("makes a rep eligible at exactly the minimum number of report cards", () => {
    const card: Totals["behaviours"] = { listening: { n: 1, sum: 4, sumsq: 16 } };
    expect(scoreOf({ cards: 3, behaviours: card }, 4, equal).eligible).toBe(true);
    expect(scoreOf({ cards: 2, behaviours: card }, 4, equal).eligible).toBe(false);
  });

  it("gives a behaviour nobody rated no share of the score or of its spread", () => {
    // Only listening is rated: 3 and 5, mean 4, v = (34 − 2·16)/1 = 2. With k = 0: adjusted = raw = 4.
    // listening carries the whole weight (W = 1): SE² = 1²·2/2 = 1, SE = 1 → 4 ± 1.645 = [2.355, 5.645], capped at 5.
    const totals: Totals = { cards: 2, behaviours: { listening: { n: 2, sum: 8, sumsq: 34 }, follow_up: { n: 0, sum: 0, sumsq: 0 } } };
    const s = scoreOf(totals, null, { ...equal, behaviours: ["listening", "follow_up", "proactive"], k: 0 });
    expect(s).toMatchObject({ rawScore: 4, adjustedScore: 4, ciHigh: 5 });
    expect(s.ciLow).toBeCloseTo(2.355, 12);
  });

  it("lists every behaviour of the survey, with no mean for one nobody rated", () => {
    const totals: Totals = { cards: 1, behaviours: { listening: { n: 1, sum: 5, sumsq: 25 }, follow_up: { n: 0, sum: 0, sumsq: 0 } } };
    expect(scoreOf(totals, 5, { ...equal, behaviours: ["listening", "follow_up", "proactive"] }).rawScore).toBe(5);
    expect(scoreOf(totals, 5, { ...equal, behaviours: ["listening", "follow_up", "proactive"] }).behaviours).toEqual([
      { id: "listening", n: 1, mean: 5 },
      { id: "follow_up", n: 0, mean: null },
      { id: "proactive", n: 0, mean: null },
    ]);
  });

  it("pools the organisation's cards and ratings across reps", () => {
    const a: Totals = { cards: 3, behaviours: { listening: { n: 3, sum: 12, sumsq: 50 } }, sets: { listening: 3 }, invited: 4, answered: 3 };
    const b: Totals = { cards: 2, behaviours: { listening: { n: 1, sum: 2, sumsq: 4 }, follow_up: { n: 2, sum: 9, sumsq: 41 } }, sets: { "follow_up+listening": 1, follow_up: 1 } };
    expect(pool([a, b])).toEqual({
      cards: 5,
      behaviours: { listening: { n: 4, sum: 14, sumsq: 54 }, follow_up: { n: 2, sum: 9, sumsq: 41 } },
      sets: { listening: 3, "follow_up+listening": 1, follow_up: 1 },
      invited: 4,
      answered: 3,
    });
    // The pooled raw score: listening 14/4 = 3.5, follow_up 9/2 = 4.5 → (3.5 + 4.5)/2 = 4.
    expect(rawScoreOf(pool([a, b]), equal)).toBe(4);
  });
});

describe("a rep's score card from the stored totals", () => {
  it("reads the counts, sums, squares and lows off a stored aggregate", () => {
    const item = {
      pk: "AGG#2026-Q1",
      repId: "rep_1",
      cards: 3,
      n_listening: 3,
      s_listening: 12,
      q_listening: 50,
      l_listening: 1,
      n_follow_up: 2,
      s_follow_up: 9,
      q_follow_up: 41,
      "rs_follow_up+listening": 2,
      rs_listening: 1,
      rs_follow_up: 0,
      invited: 5,
      answered: 3,
      updatedAt: "2026-01-02T00:00:00Z",
    };
    expect(totalsOf(item)).toEqual({
      cards: 3,
      behaviours: { listening: { n: 3, sum: 12, sumsq: 50, low: 1 }, follow_up: { n: 2, sum: 9, sumsq: 41 } },
      // A set whose counter came back to 0 is left out.
      sets: { "follow_up+listening": 2, listening: 1 },
      invited: 5,
      answered: 3,
    });
    expect(totalsOf({ n_listening: "3" })).toEqual({ cards: 0, behaviours: {}, sets: {}, invited: 0, answered: 0 });
  });

  it("scores a rep against the organisation's prior for the period, with the plan's k and minimum", async () => {
    const plan = { ...Plan.defaultPlan("2014-01-01"), behaviourWeights: {}, k: 2, minResponses: 2, version: 9, createdAt: "2014-01-01T00:00:00.000Z" };
    const mine = await aRep();
    const other = await aRep();
    const at = new Date("2014-08-10T10:00:00Z");
    const answer = (repId: string, listening: number) =>
      Clock.at(at, async () => {
        const customer = await aCustomer(repId);
        const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, { kind: "cli", id: "test" });
        if (!("invitation" in created)) throw new Error(created.skipped);
        await Submission.submitReportCard(created.invitation, { ratings: { listening, follow_up: "na", proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" } });
      });
    await answer(mine.id, 5);
    await answer(mine.id, 5);
    await answer(other.id, 3);
    await answer(other.id, 3);
    // Prior: listening (5 + 5 + 3 + 3)/4 = 4. Mine: raw 5, adjusted (2·5 + 2·4)/4 = 4.5, two cards: eligible.
    const card = await Scorecard.forRep(mine.id, "2014-Q3", plan);
    expect(card).toMatchObject({ repId: mine.id, period: "2014-Q3", responses: 2, rawScore: 5, adjustedScore: 4.5, eligible: true });
    expect(card.behaviours.map((b) => b.id)).toEqual(["listening", "follow_up", "proactive", "reachability", "advocacy", "customer_first"]);
    // A rep with no cards in the period gets the prior.
    const none = await Scorecard.forRep((await aRep()).id, "2014-Q3", plan);
    expect(none).toMatchObject({ responses: 0, rawScore: null, adjustedScore: 4, eligible: false });
  });
});

describe("a period's scores for a team and for the organisation", () => {
  const plan = { ...Plan.defaultPlan("2013-01-01"), behaviourWeights: {}, k: 2, minResponses: 2 };
  const cli = { kind: "cli", id: "test" } as const;
  const na = { listening: "na", follow_up: "na", proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" } as const;
  /** A report card for `repId` answered at `at` with `ratings` (every other behaviour "na"); its invitation id. */
  const answer = (at: Date, repId: string, ratings: Partial<Record<keyof typeof na, number>>) =>
    Clock.at(at, async () => {
      const customer = await aCustomer(repId);
      const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli);
      if (!("invitation" in created)) throw new Error(created.skipped);
      await Submission.submitReportCard(created.invitation, { ratings: { ...na, ...ratings } });
      return created.invitation.id;
    });
  /** The survey in force after `dropped` left it. */
  const without = (dropped: string) => {
    const current = Survey.current();
    return { ...current, version: "rc-later", behaviours: current.behaviours.filter((x) => x.id !== dropped) };
  };

  it("pools a team's cards, scores the organisation unshrunk, and keeps counting a behaviour a later survey dropped", async () => {
    const [a, b, c] = [await aRep(), await aRep(), await aRep()];
    const at = new Date("2013-05-10T10:00:00Z");
    // Rep a: listening 5, 3; advocacy 4, na. Rep b: listening 4, advocacy 2. Rep c: listening 1, advocacy na.
    await answer(at, a.id, { listening: 5, advocacy: 4 });
    await answer(at, a.id, { listening: 3 });
    await answer(at, b.id, { listening: 4, advocacy: 2 });
    await answer(at, c.id, { listening: 1 });
    // The survey in force has since dropped advocacy: its answers still count, listed after the survey's own behaviours.
    const later = without("advocacy");
    const scores = await Score.forPeriod("2013-Q2", plan, later);
    expect(scores.basis.behaviours).toEqual(["listening", "follow_up", "proactive", "reachability", "customer_first", "advocacy"]);
    // Prior (everyone pooled): listening (5 + 3 + 4 + 1)/4 = 3.25, advocacy (4 + 2)/2 = 3 → (3.25 + 3)/2 = 3.125.
    expect(scores.basis.prior).toBe(3.125);

    // Rep a, two cards: raw (8/2 + 4/1)/2 = 4; adjusted (2·4 + 2·3.125)/4 = 3.5625.
    // v_listening = (34 − 2·4²)/1 = 2, v_advocacy = 0 (one rating); SE² = (2/4)²·(1/2)²·2/2 = 0.0625, SE = 0.25;
    // 1.645·0.25 = 0.41125 → [3.15125, 3.97375].
    const mine = scores.rep(a.id);
    expect(mine).toMatchObject({ responses: 2, rawScore: 4, adjustedScore: 3.5625, eligible: true });
    expect(mine.ciLow).toBeCloseTo(3.15125, 12);
    expect(mine.ciHigh).toBeCloseTo(3.97375, 12);
    expect(mine.behaviours.at(-1)).toEqual({ id: "advocacy", n: 1, mean: 4 });

    // Team a + b, three cards: listening 12/3 = 4, advocacy 6/2 = 3, raw 3.5; adjusted (3·3.5 + 2·3.125)/5 = 16.75/5 = 3.35.
    // v_listening = (50 − 3·4²)/2 = 1, v_advocacy = (20 − 2·3²)/1 = 2; SE² = (3/5)²·((1/2)²·1/3 + (1/2)²·2/2) = 0.36·(1/3) = 0.12;
    // SE = 0.3464101615, 1.645·SE = 0.5698447157 → [2.7801552843, 3.9198447157].
    const team = scores.pooled([a.id, b.id]);
    expect(team).toMatchObject({ responses: 3, rawScore: 3.5, eligible: true });
    expect(team.adjustedScore).toBeCloseTo(3.35, 12);
    expect(team.ciLow).toBeCloseTo(2.7801552843, 9);
    expect(team.ciHigh).toBeCloseTo(3.9198447157, 9);

    // The organisation, four cards, not shrunk (k = 0): adjusted = raw = the prior 3.125.
    // v_listening = (51 − 4·3.25²)/3 = 8.75/3, v_advocacy = 2; SE² = (1/2)²·(8.75/3)/4 + (1/2)²·2/2 = 0.1822916667 + 0.25 = 0.4322916667;
    // SE = 0.6574889099, 1.645·SE = 1.0815692568 → [2.0434307432, 4.2065692568] (with k = 2 it would shrink by (4/6)²).
    const organization = scores.organization();
    expect(organization).toMatchObject({ responses: 4, rawScore: 3.125, adjustedScore: 3.125, eligible: true });
    expect(organization.ciLow).toBeCloseTo(2.0434307432, 9);
    expect(organization.ciHigh).toBeCloseTo(4.2065692568, 9);
  });

  it("lists no behaviour a later survey dropped once its only ratings in the period were voided", async () => {
    const rep = await aRep();
    const at = new Date("2013-08-12T10:00:00Z");
    const voided = await answer(at, rep.id, { listening: 4, customer_first: 5 });
    await answer(at, rep.id, { listening: 2 });
    await Clock.at(at, () => voidReportCard(voided, "Written by the rep's friend", cli));
    // The aggregates keep customer_first at n = 0: nobody's rating, so it is not listed; the card left counts alone.
    const scores = await Score.forPeriod("2013-Q3", plan, without("customer_first"));
    expect(scores.basis.behaviours).toEqual(["listening", "follow_up", "proactive", "reachability", "advocacy"]);
    expect(scores.rep(rep.id)).toMatchObject({ responses: 1, rawScore: 2 });
  });
});

describe("a component's share of a rep's cards", () => {
  it("counts the cards that rated at least one of its behaviours, from the rated-set counters", () => {
    const totals: Totals = {
      cards: 4,
      behaviours: { listening: { n: 3, sum: 12, sumsq: 50 }, follow_up: { n: 2, sum: 7, sumsq: 25 }, customer_first: { n: 1, sum: 5, sumsq: 25 } },
      sets: { "follow_up+listening": 2, listening: 1, customer_first: 1 },
    };
    // Secret gathering (listening, proactive): the two follow_up+listening cards and the listening card: 3.
    expect(componentTotals(totals, ["listening", "proactive"])).toEqual({ cards: 3, behaviours: { listening: totals.behaviours.listening } });
    // Customer first: the one card that rated it.
    expect(componentTotals(totals, ["customer_first"]).cards).toBe(1);
    // Every behaviour (null): every card, as before components.
    expect(componentTotals(totals, null)).toBe(totals);
  });

  it("counts cards from before the rated-set counters by the most any of its behaviours has among them", () => {
    // 5 cards counted before the counters existed: listening n 5, follow_up n 3, none in a set.
    // Then 2 new cards: one rated listening + follow_up, one follow_up alone.
    const totals: Totals = {
      cards: 7,
      behaviours: { listening: { n: 6, sum: 24, sumsq: 100 }, follow_up: { n: 5, sum: 20, sumsq: 82 } },
      sets: { "follow_up+listening": 1, follow_up: 1 },
    };
    // Listening alone: 1 counted card + older cards: listening 6 − 1 in sets = 5 → 6.
    expect(componentTotals(totals, ["listening"]).cards).toBe(6);
    // Follow_up alone: 2 counted + older: 5 − 2 = 3 → 5.
    expect(componentTotals(totals, ["follow_up"]).cards).toBe(5);
    // Both: 2 counted + older: max(6 − 1, 5 − 2) = 5 → 7, all the cards there are.
    expect(componentTotals(totals, ["listening", "follow_up"]).cards).toBe(7);
  });
});
