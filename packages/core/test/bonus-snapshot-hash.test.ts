import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BonusInputs, type BonusRow } from "@rapport/core/bonus/index";

describe("the hash of the bonus rows", () => {
  const row = (repId: string, bonusShare: number): BonusRow => ({
    repId,
    repEmail: `${repId}@example.com`,
    repName: repId,
    team: null,
    responses: 5,
    rawScore: 4,
    adjustedScore: 4,
    ciLow: 3.8,
    ciHigh: 4.2,
    eligible: true,
    weight: 0.2,
    payoutFactor: 1,
    bonusShare,
  });

  it("does not depend on the order of the rows, and changes with any figure", () => {
    const a = row("rep_a", 0.2);
    const b = row("rep_b", 0.2);
    expect(BonusInputs.hashRows([b, a])).toBe(BonusInputs.hashRows([a, b]));
    expect(BonusInputs.hashRows([a, { ...b, bonusShare: 0.2001 }])).not.toBe(BonusInputs.hashRows([a, b]));
    expect(BonusInputs.hashRows([a, { ...b, team: "East" }])).not.toBe(BonusInputs.hashRows([a, b]));
  });

  it("is the SHA-256 an integrator can recompute: the documented columns, then each rep's values in that order, sorted by rep id", () => {
    const a = row("rep_a", 0.2);
    const b = { ...row("rep_b", 0.25), team: "West", rawScore: null, adjustedScore: 4.1, eligible: false };
    const columns = ["repId", "repEmail", "repName", "team", "responses", "rawScore", "adjustedScore", "ciLow", "ciHigh", "eligible", "weight", "payoutFactor", "bonusShare"] as const;
    const canonical = JSON.stringify([columns, [a, b].map((r) => columns.map((c) => r[c]))]);
    expect(BonusInputs.hashRows([b, a])).toBe(createHash("sha256").update(canonical).digest("hex"));
  });
});
