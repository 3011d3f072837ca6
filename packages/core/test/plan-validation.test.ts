import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { Plan, PlanSchema } from "@rapport/core/plan/index";

const base = () => ({ ...Plan.defaultPlan("2026-01-01", { behaviours: [{ id: "listening" }, { id: "follow_up" }] } as never) });

/** The fields a plan is refused for, with their messages. */
function refusal(input: unknown): Record<string, string> {
  const result = v.safeParse(PlanSchema, input);
  if (result.success) return {};
  return Object.fromEntries(result.issues.map((issue) => [v.getDotPath(issue) ?? "", issue.message]));
}

describe("a plan that could pay wrongly is refused", () => {
  it("accepts the default plan, and a plan that weights no behaviour (every behaviour then weighs 1)", () => {
    expect(refusal(base())).toEqual({});
    expect(refusal({ ...base(), behaviourWeights: {} })).toEqual({});
  });

  it("refuses weights that give every behaviour 0", () => {
    expect(refusal({ ...base(), behaviourWeights: { listening: 0, follow_up: 0 } })).toEqual({ behaviourWeights: "must give at least one behaviour a weight above 0" });
    expect(refusal({ ...base(), behaviourWeights: { listening: 0, follow_up: 0.5 } })).toEqual({});
  });

  it("refuses a cap below the base weight, and accepts a cap equal to it", () => {
    expect(refusal({ ...base(), weightBase: 0.3, weightCap: 0.29 })).toEqual({ weightCap: "must be at least weightBase" });
    expect(refusal({ ...base(), weightBase: 0.3, weightCap: 0.3 })).toEqual({});
  });

  it("refuses a map whose scores do not rise or whose factors fall, and accepts a flat stretch", () => {
    const map = (points: [number, number][]) => ({ ...base(), factorMap: points.map(([score, factor]) => ({ score, factor })) });
    expect(refusal(map([[1, 0], [3, 0.5], [3, 0.6]]))).toEqual({ factorMap: "scores must increase from point to point" });
    expect(refusal(map([[1, 0], [3, 0.5], [2, 0.6]]))).toEqual({ factorMap: "scores must increase from point to point" });
    expect(refusal(map([[1, 0.5], [3, 0.4], [5, 1]]))).toEqual({ factorMap: "factors must never decrease as the score rises" });
    expect(refusal(map([[1, 0.5], [3, 0.5], [5, 1]]))).toEqual({});
  });

  it("refuses a figure outside its range, naming the field, and accepts the edges of each range", () => {
    const points = (...pairs: [number, number][]) => pairs.map(([score, factor]) => ({ score, factor }));
    expect(refusal({ ...base(), weightStep: 1.01 })).toEqual({ weightStep: "must be at most 1" });
    expect(refusal({ ...base(), weightBase: -0.01 })).toEqual({ weightBase: "must be at least 0" });
    expect(refusal({ ...base(), weightStep: "0.05" })).toEqual({ weightStep: "weightStep must be a number" });
    expect(refusal({ ...base(), minResponses: 0 })).toEqual({ minResponses: "must be at least 1" });
    expect(refusal({ ...base(), minResponses: 2.5 })).toEqual({ minResponses: "must be a whole number" });
    expect(refusal({ ...base(), k: -1 })).toEqual({ k: "must be at least 0" });
    expect(refusal({ ...base(), capFactor: 10.5 })).toEqual({ capFactor: "must be at most 10" });
    expect(refusal({ ...base(), factorMap: points([3, 1]) })).toEqual({ factorMap: "must have at least two points" });
    expect(refusal({ ...base(), factorMap: points([0.5, 0], [5, 1.5]) })).toEqual({ "factorMap.0.score": "must be at least 1" });
    // The edges: a ramp from 0 to the whole bonus, one card enough, no shrinking, the highest cap factor.
    expect(refusal({ ...base(), weightBase: 0, weightStep: 1, weightCap: 1, minResponses: 1, k: 0, capFactor: 10, factorMap: points([1, 0], [5, 10]) })).toEqual({});
  });
});

describe("a plan of components that could pay wrongly is refused", () => {
  const seeds = () => Plan.seedsPlan("2026-01-01");
  const withComponent = (i: number, change: object) => ({ ...seeds(), components: seeds().components!.map((c, j) => (j === i ? { ...c, ...change } : c)) });

  it("accepts the seeds' plan: caps 0.40 + 0.25 + 0.20 = 0.85", () => {
    expect(refusal(seeds())).toEqual({});
  });

  it("refuses a behaviour counted toward two components, naming both", () => {
    expect(refusal(withComponent(2, { behaviours: ["customer_first", "listening"] }))).toEqual({
      components: "must count each behaviour toward at most one component: listening is in both secret_gathering and customer_first",
    });
  });

  it("refuses caps that add up to more than the whole bonus, and accepts exactly 1", () => {
    // 0.55 + 0.25 + 0.20 = 1.00: allowed; 0.56 + 0.25 + 0.20 = 1.01: refused.
    expect(refusal(withComponent(0, { weightCap: 0.55 }))).toEqual({});
    expect(refusal(withComponent(0, { weightCap: 0.56 }))).toEqual({ components: "must have caps (weightCap) that add up to at most 1" });
  });

  it("refuses a ramp beside components, a plan with neither, duplicate ids, six components, and a component cap below its base", () => {
    expect(refusal({ ...seeds(), weightBase: 0.2 })).toEqual({ components: "must be left out: with components, each component has its own weightBase, weightStep and weightCap" });
    const { components: _c, ...neither } = seeds();
    expect(refusal(neither)).toEqual({ weightBase: "is required unless the plan has components" });
    expect(refusal(withComponent(1, { id: "relationship" }))).toEqual({ components: "must give each component its own id" });
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, behaviours: [["listening", "follow_up", "proactive", "reachability", "advocacy", "customer_first"][i]!], weightBase: 0.1, weightStep: 0, weightCap: 0.1 }));
    expect(refusal({ ...seeds(), components: six })).toEqual({ components: "must have at most 5 components" });
    expect(refusal(withComponent(1, { weightBase: 0.25, weightCap: 0.2 }))).toEqual({ "components.1.weightCap": "must be at least weightBase" });
  });

  it("refuses a component whose behaviours all weigh 0 (it would never have a score)", () => {
    // customer_first weighs 0: the customer_first component has nothing to score.
    expect(refusal({ ...seeds(), behaviourWeights: { ...seeds().behaviourWeights, customer_first: 0 } })).toEqual({
      components: "must give each component at least one behaviour with a weight above 0",
    });
    // Listening at 0 leaves proactive to score secret gathering: accepted.
    expect(refusal({ ...seeds(), behaviourWeights: { ...seeds().behaviourWeights, listening: 0 } })).toEqual({});
  });

  it("lets only a plan of one component leave its behaviours out (every behaviour)", () => {
    expect(refusal({ ...seeds(), components: [{ id: "relationship", weightBase: 0.2, weightStep: 0.05, weightCap: 0.4 }] })).toEqual({});
    expect(refusal(withComponent(0, { behaviours: undefined }))).toEqual({ components: "must name each component's behaviours when there is more than one" });
  });
});

