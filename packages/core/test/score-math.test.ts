import { describe, expect, it } from "vitest";
import { Score, type Basis, type Totals } from "@rapport/core/score/index";
import { factorAt } from "@rapport/core/bonus/payout";

const behaviours = ["listening", "follow_up"];
const equal: Omit<Basis, "prior"> = { behaviours, weights: {}, k: 5, minResponses: 5 };

// Rep A, 3 report cards: listening 5, 4, 3; follow_up 4, 4, na.
const repA: Totals = { cards: 3, behaviours: { listening: { n: 3, sum: 12, sumsq: 50 }, follow_up: { n: 2, sum: 8, sumsq: 32 } } };
// Rep B, 2 report cards: listening 2, 4; follow_up 1, na.
const repB: Totals = { cards: 2, behaviours: { listening: { n: 2, sum: 6, sumsq: 20 }, follow_up: { n: 1, sum: 1, sumsq: 1 } } };

describe("score arithmetic (product.md, 'The exact arithmetic')", () => {
  it("computes the organisation's prior from the pooled aggregates", () => {
    // pooled listening: n 5, sum 18, mean 3.6; follow_up: n 3, sum 9, mean 3.0; prior = (3.6 + 3.0) / 2 = 3.3
    expect(Score.rawScoreOf(Score.pool([repA, repB]), equal)).toBeCloseTo(3.3, 12);
    expect(Score.basisOf([repA, repB], { behaviourWeights: {}, k: 5, minResponses: 5 }, behaviours).prior).toBeCloseTo(3.3, 12);
  });

  it("shrinks a small sample toward the prior and gives its 90% interval", () => {
    const a = Score.of(repA, { ...equal, prior: 3.3 });
    // raw = (12/3 + 8/2) / 2 = 4
    expect(a.rawScore).toBe(4);
    // adjusted = (3·4 + 5·3.3) / (3 + 5) = 28.5 / 8 = 3.5625
    expect(a.adjustedScore).toBeCloseTo(3.5625, 12);
    // v_listening = (50 − 3·4²) / 2 = 1; v_follow_up = (32 − 2·4²) / 1 = 0
    // SE² = (3/8)² · ((1/2)²·1/3 + (1/2)²·0/2) = 0.140625 · 0.083333… = 0.01171875; SE = 0.1082531755
    // 1.645·SE = 0.1780764737 → [3.3844235263, 3.7405764737]
    expect(a.ciLow).toBeCloseTo(3.3844235263, 9);
    expect(a.ciHigh).toBeCloseTo(3.7405764737, 9);
    expect(a.responses).toBe(3);
    expect(a.eligible).toBe(false);
    expect(a.behaviours).toEqual([
      { id: "listening", n: 3, mean: 4 },
      { id: "follow_up", n: 2, mean: 4 },
    ]);
  });

  it("leaves a behaviour with one rating out of the variance", () => {
    const b = Score.of(repB, { ...equal, minResponses: 2, prior: 3.3 });
    // raw = (6/2 + 1/1) / 2 = 2; adjusted = (2·2 + 5·3.3) / 7 = 20.5 / 7 = 2.9285714286
    expect(b.rawScore).toBe(2);
    expect(b.adjustedScore).toBeCloseTo(2.9285714286, 9);
    // v_listening = (20 − 2·3²) / 1 = 2; v_follow_up = 0 (n = 1)
    // SE² = (2/7)² · (1/2)²·2/2 = 0.0204081633; SE = 0.1428571429; 1.645·SE = 0.235
    expect(b.ciLow).toBeCloseTo(2.6935714286, 9);
    expect(b.ciHigh).toBeCloseTo(3.1635714286, 9);
    expect(b.eligible).toBe(true);
  });

  it("weights behaviours by the plan", () => {
    // weights listening 3, follow_up 1 for rep B: raw = (3·3 + 1·1) / 4 = 2.5
    expect(Score.rawScoreOf(repB, { behaviours, weights: { listening: 3, follow_up: 1 } })).toBe(2.5);
  });

  it("answers null without ratings and clamps the interval to [1, 5]", () => {
    const none = Score.of({ cards: 0, behaviours: {} }, { ...equal, prior: 3.3 });
    expect(none.rawScore).toBeNull();
    expect(none.adjustedScore).toBeCloseTo(3.3, 12);
    const top: Totals = { cards: 2, behaviours: { listening: { n: 2, sum: 6, sumsq: 26 }, follow_up: { n: 2, sum: 10, sumsq: 50 } } };
    // listening 1 and 5: v = (26 − 2·9)/1 = 8; raw = (3 + 5)/2 = 4; adjusted with k = 0: 4
    // SE² = 1 · ((1/2)²·8/2) = 1; SE = 1 → 4 ± 1.645 → [2.355, 5.645] clamped to [2.355, 5]
    const s = Score.of(top, { ...equal, k: 0, prior: null });
    expect(s.ciLow).toBeCloseTo(2.355, 12);
    expect(s.ciHigh).toBe(5);
    expect(Score.of({ cards: 0, behaviours: {} }, { ...equal, prior: null }).adjustedScore).toBeNull();
  });
});

describe("a response's rep score", () => {
  it("is the mean of its numeric ratings, leaving not applicable out", () => {
    // (5 + 2 + 4) / 3 = 11 / 3 = 3.6666…; "na" counts nowhere
    expect(Score.ofResponse({ listening: 5, follow_up: 2, proactive: "na", advocacy: 4 })).toBeCloseTo(11 / 3, 12);
    expect(Score.ofResponse({ listening: "na" })).toBeNull();
  });
});

describe("the score-to-factor map", () => {
  const map = [
    { score: 1, factor: 0 },
    { score: 3, factor: 0.5 },
    { score: 4, factor: 1 },
    { score: 4.5, factor: 1.25 },
    { score: 5, factor: 1.5 },
  ];
  it("interpolates linearly between points and is flat beyond the ends", () => {
    // 3.5625 lies between 3 → 0.5 and 4 → 1.0: 0.5 + 0.5·0.5625 = 0.78125
    expect(factorAt(map, 3.5625, 1.5)).toBeCloseTo(0.78125, 12);
    // 4.75: 1.25 + 0.25·(0.25/0.5) = 1.375
    expect(factorAt(map, 4.75, 1.5)).toBeCloseTo(1.375, 12);
    expect(factorAt(map, 0.5, 1.5)).toBe(0);
    expect(factorAt(map, 5, 1.5)).toBe(1.5);
  });
  it("never exceeds the cap factor", () => {
    expect(factorAt(map, 4.75, 1.3)).toBe(1.3);
  });
});
