import { describe, expect, it } from "vitest";
import { Plan, type Plan as PlanRecord, type PlanInput } from "@rapport/core/plan/index";
import { componentPayout, factorAt, rateAllows, responseRateOf, rowPayout } from "@rapport/core/bonus/payout";

/** The product's default plan as a stored version, starting on `startDate`, with `changes` applied. */
const planFrom = (startDate: string, changes: Partial<PlanInput> = {}): PlanRecord => {
  const { weightBase = 0, weightStep = 0, weightCap = 0, ...written } = { ...Plan.defaultPlan(startDate, { behaviours: [{ id: "listening" }, { id: "follow_up" }] } as never), ...changes };
  return { ...written, version: 3, createdAt: `${startDate}T00:00:00.000Z`, components: [{ id: "relationship", weightBase, weightStep, weightCap }] };
};

/** What a score pays under a plan without components: its one component's pay. */
const payoutOf = (score: { eligible: boolean; adjustedScore: number | null }, plan: PlanRecord, period: string) => componentPayout(score, Plan.componentsOf(plan)[0]!, plan, period);

const defaultMap = Plan.defaultPlan("2026-01-01", { behaviours: [] } as never).factorMap;

/** The report card's share of the bonus in a period under a plan of one component (the relationship). */
const weightFor = (plan: PlanRecord, period: string) => Plan.componentWeight(plan, Plan.componentsOf(plan)[0]!, period);

describe("the plan year ramp", () => {
  it("counts the plan year from the start date's anniversaries, at the period's first day", () => {
    // Started on 1 January 2024: 2024-Q1 starts on the start date itself, year 1.
    expect(Plan.planYear({ startDate: "2024-01-01" }, "2024-Q1")).toBe(1);
    // 2025-Q1 starts exactly on the first anniversary: year 2 from that day on.
    expect(Plan.planYear({ startDate: "2024-01-01" }, "2025-Q1")).toBe(2);
    // Started on 2 January 2024: 2025-Q1 starts one day before the first anniversary, still year 1.
    expect(Plan.planYear({ startDate: "2024-01-02" }, "2025-Q1")).toBe(1);
    // Started 15 July 2023: 2026-Q3 starts on 1 July 2026, two weeks before the third anniversary: year 3.
    expect(Plan.planYear({ startDate: "2023-07-15" }, "2026-Q3")).toBe(3);
    // The same plan in 2026-Q4 (1 October 2026, after the third anniversary): year 4.
    expect(Plan.planYear({ startDate: "2023-07-15" }, "2026-Q4")).toBe(4);
  });

  it("treats a period before the plan started as plan year 1", () => {
    // 2025-Q1 is more than a year before a plan that starts on 1 June 2026: years = 2025 − 2026 − 1 = −2, held at year 1.
    expect(Plan.planYear({ startDate: "2026-06-01" }, "2025-Q1")).toBe(1);
  });

  it("raises the report card's share by the step each year up to the cap", () => {
    const plan = planFrom("2020-01-01");
    // Default plan: one component, base 0.20, step 0.05, cap 0.40.
    expect(weightFor(plan, "2020-Q2")).toBe(0.2); // year 1: 0.20
    expect(weightFor(plan, "2021-Q1")).toBe(0.25); // year 2: 0.20 + 0.05·1 = 0.25
    expect(weightFor(plan, "2022-Q3")).toBe(0.3); // year 3: 0.20 + 0.05·2 = 0.30 (0.30000000000000004 in floating point, rounded)
    expect(weightFor(plan, "2024-Q4")).toBe(0.4); // year 5: 0.20 + 0.05·4 = 0.40, exactly the cap
    expect(weightFor(plan, "2030-Q1")).toBe(0.4); // year 11: 0.20 + 0.05·10 = 0.70, held at the cap 0.40
  });

  it("uses the plan's own base, step and cap", () => {
    const plan = planFrom("2020-01-01", { weightBase: 0.1, weightStep: 0.12, weightCap: 0.3 });
    expect(weightFor(plan, "2020-Q1")).toBe(0.1); // year 1: 0.10
    expect(weightFor(plan, "2021-Q1")).toBe(0.22); // year 2: 0.10 + 0.12 = 0.22
    expect(weightFor(plan, "2022-Q1")).toBe(0.3); // year 3: 0.10 + 0.24 = 0.34, capped at 0.30
  });
});

describe("the default plan", () => {
  it("weights every behaviour of the survey equally and pays by the product's map", () => {
    const plan = Plan.defaultPlan("2026-01-01", { behaviours: [{ id: "listening" }, { id: "follow_up" }] } as never);
    expect(plan).toEqual({
      startDate: "2026-01-01",
      weightBase: 0.2,
      weightStep: 0.05,
      weightCap: 0.4,
      behaviourWeights: { listening: 1, follow_up: 1 },
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
      lostDealCards: "coaching",
    });
  });
});

describe("the score-to-factor map", () => {
  it("answers the same factor whatever order the points were stored in", () => {
    const shuffled = [defaultMap[3]!, defaultMap[0]!, defaultMap[4]!, defaultMap[2]!, defaultMap[1]!];
    // 3.5 lies between 3 → 0.5 and 4 → 1.0: 0.5 + 0.5·(0.5/1) = 0.75
    expect(factorAt(shuffled, 3.5, 1.5)).toBeCloseTo(0.75, 12);
    // 2 lies between 1 → 0 and 3 → 0.5: 0 + 0.5·(1/2) = 0.25
    expect(factorAt(shuffled, 2, 1.5)).toBeCloseTo(0.25, 12);
    expect(factorAt(shuffled, 1, 1.5)).toBe(0);
    expect(factorAt(shuffled, 5, 1.5)).toBe(1.5);
  });

  it("pays a point's own factor at that point, and the first point's factor below it", () => {
    const map = [
      { score: 2, factor: 0.2 },
      { score: 3, factor: 0.6 },
      { score: 4, factor: 1.1 },
    ];
    expect(factorAt(map, 1.5, 2)).toBe(0.2);
    expect(factorAt(map, 2, 2)).toBe(0.2);
    expect(factorAt(map, 3, 2)).toBeCloseTo(0.6, 12);
    // 3.2: 0.6 + 0.5·(0.2/1) = 0.7
    expect(factorAt(map, 3.2, 2)).toBeCloseTo(0.7, 12);
    expect(factorAt(map, 4.8, 2)).toBe(1.1);
  });

  it("pays exactly the factor the plan wrote for a score on an inner point or on the last point", () => {
    // Interpolating up to 4 from 3 → 0.2 would give 0.2 + 0.7·(1/1) = 0.8999999999999999 in floating point;
    // the plan says 4 → 0.9, and the JSON carries full precision.
    const map = [
      { score: 1, factor: 0 },
      { score: 3, factor: 0.2 },
      { score: 4, factor: 0.9 },
      { score: 5, factor: 1.2 },
    ];
    expect(factorAt(map, 4, 2)).toBe(0.9);
    expect(factorAt(map, 3, 2)).toBe(0.2);
    expect(factorAt(map, 5, 2)).toBe(1.2);
    // Just past the inner point the next segment starts: 4.5 → 0.9 + 0.3·(0.5/1) = 1.05.
    expect(factorAt(map, 4.5, 2)).toBeCloseTo(1.05, 12);
  });
});

describe("what a score pays", () => {
  const period = "2026-Q2";
  // Started 1 January 2025: 2026-Q2 (1 April 2026) is in plan year 2, weight 0.20 + 0.05 = 0.25.
  const plan = planFrom("2025-01-01", { fallbackFactor: 0.8, capFactor: 1.3 });

  it("pays the map's factor at the adjusted score when the rep is eligible", () => {
    // 3.5625 lies between 3 → 0.5 and 4 → 1.0: 0.5 + 0.5·0.5625 = 0.78125; share 0.25·0.78125 = 0.1953125
    const paid = payoutOf({ eligible: true, adjustedScore: 3.5625 }, plan, period);
    expect(paid.weight).toBe(0.25);
    expect(paid.payoutFactor).toBeCloseTo(0.78125, 12);
    expect(paid.bonusShare).toBeCloseTo(0.1953125, 12);
  });

  it("holds the factor at the plan's cap", () => {
    // 4.9: 1.25 + 0.25·(0.4/0.5) = 1.45, above the cap 1.3; share 0.25·1.3 = 0.325
    const paid = payoutOf({ eligible: true, adjustedScore: 4.9 }, plan, period);
    expect(paid.payoutFactor).toBe(1.3);
    expect(paid.bonusShare).toBeCloseTo(0.325, 12);
  });

  it("pays the plan's factor for an adjusted score on one of the map's points, to the last digit", () => {
    // The map says 4 → 0.9; year 2 weight 0.25; share 0.25·0.9 = 0.225 (not 0.22499999999999998).
    const mapped = { ...plan, factorMap: [{ score: 1, factor: 0 }, { score: 3, factor: 0.2 }, { score: 4, factor: 0.9 }, { score: 5, factor: 1.2 }] };
    expect(payoutOf({ eligible: true, adjustedScore: 4 }, mapped, period)).toEqual({ weight: 0.25, payoutFactor: 0.9, bonusShare: 0.225 });
  });

  it("pays the fallback factor to a rep below the minimum responses, whatever the score", () => {
    // Not eligible: fallback 0.8; share 0.25·0.8 = 0.2
    const paid = payoutOf({ eligible: false, adjustedScore: 4.9 }, plan, period);
    expect(paid).toEqual({ weight: 0.25, payoutFactor: 0.8, bonusShare: 0.25 * 0.8 });
  });

  it("pays the fallback factor when there is no score at all", () => {
    const paid = payoutOf({ eligible: true, adjustedScore: null }, plan, period);
    expect(paid.payoutFactor).toBe(0.8);
    expect(paid.bonusShare).toBeCloseTo(0.2, 12);
  });
});

describe("a row's pay from its components", () => {
  it("is the one component's own figures when there is one, even at weight 0", () => {
    // A plan year whose ramp gives the report card no weight yet: the factor stays the map's, the share 0.
    expect(rowPayout([{ weight: 0, payoutFactor: 1.2, bonusShare: 0 }])).toEqual({ weight: 0, payoutFactor: 1.2, bonusShare: 0 });
  });

  it("sums weights and shares over several, its factor the share per unit of weight", () => {
    // 0.4·0.75 + 0.25·1.2 + 0.2·1 = 0.3 + 0.3 + 0.2 = 0.8 on a weight of 0.85: factor 0.8 / 0.85 = 0.94117647…
    const row = rowPayout([
      { weight: 0.4, payoutFactor: 0.75, bonusShare: 0.3 },
      { weight: 0.25, payoutFactor: 1.2, bonusShare: 0.3 },
      { weight: 0.2, payoutFactor: 1, bonusShare: 0.2 },
    ]);
    expect(row.weight).toBeCloseTo(0.85, 12);
    expect(row.bonusShare).toBeCloseTo(0.8, 12);
    expect(row.payoutFactor).toBeCloseTo(0.8 / 0.85, 12);
  });

  it("has factor 0, not a division by zero, when several components weigh nothing", () => {
    expect(rowPayout([{ weight: 0, payoutFactor: 1.2, bonusShare: 0 }, { weight: 0, payoutFactor: 0.8, bonusShare: 0 }])).toEqual({ weight: 0, payoutFactor: 0, bonusShare: 0 });
  });
});

describe("the response-rate floor", () => {
  it("is cleared by a rate exactly at it, not by one just under it, and never by a rep sent nothing", () => {
    // 6 answered of 10 sent: 0.6, on a floor of 0.6.
    expect(responseRateOf(10, 6)).toBe(0.6);
    expect(rateAllows({ minResponseRate: 0.6 }, responseRateOf(10, 6))).toBe(true);
    expect(rateAllows({ minResponseRate: 0.6 }, responseRateOf(10, 5))).toBe(false);
    expect(responseRateOf(0, 0)).toBeNull();
    expect(rateAllows({ minResponseRate: 0.6 }, null)).toBe(false);
  });

  it("lets every rate through when the plan sets none, or 0", () => {
    expect(rateAllows({}, null)).toBe(true);
    expect(rateAllows({ minResponseRate: 0 }, null)).toBe(true);
    expect(rateAllows({ minResponseRate: 0 }, 0)).toBe(true);
  });
});
