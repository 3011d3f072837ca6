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
