import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BonusInputs, type BonusRow } from "@rapport/core/bonus/index";

describe("the hash of the bonus rows", () => {
  /** A row of two components whose shares add up to the row's. */
  const row = (repId: string, bonusShare: number): BonusRow => {
    const figures = { responses: 5, rawScore: 4, adjustedScore: 4, ciLow: 3.8, ciHigh: 4.2, eligible: true, payoutFactor: 1 };
    return {
      repId,
      repEmail: `${repId}@example.com`,
      repName: repId,
      team: null,
      ...figures,
      weight: 0.45,
      bonusShare,
      invited: 7,
      answered: 5,
      responseRate: 5 / 7,
      components: [
        { id: "relationship", ...figures, weight: 0.2, bonusShare: 0.2 },
        { id: "secret_gathering", ...figures, weight: 0.25, bonusShare: bonusShare - 0.2 },
      ],
    };
  };

  it("does not depend on the order of the rows, and changes with any figure, a component's or the response rate", () => {
    const a = row("rep_a", 0.45);
    const b = row("rep_b", 0.45);
    const hash = BonusInputs.hashRows([a, b]);
    expect(BonusInputs.hashRows([b, a])).toBe(hash);
    expect(BonusInputs.hashRows([a, { ...b, bonusShare: 0.4501 }])).not.toBe(hash);
    expect(BonusInputs.hashRows([a, { ...b, team: "East" }])).not.toBe(hash);
    expect(BonusInputs.hashRows([a, { ...b, invited: 8 }])).not.toBe(hash);
    expect(BonusInputs.hashRows([a, { ...b, components: [b.components[0]!, { ...b.components[1]!, payoutFactor: 1.0001 }] }])).not.toBe(hash);
  });

  it("is the SHA-256 an integrator can recompute: the documented keys, then each rep's values in that order (components as theirs), sorted by rep id", () => {
    const a = row("rep_a", 0.45);
    const b = { ...row("rep_b", 0.5), team: "West", rawScore: null, adjustedScore: 4.1, eligible: false };
    const figures = ["responses", "rawScore", "adjustedScore", "ciLow", "ciHigh", "eligible", "weight", "payoutFactor", "bonusShare"] as const;
    const columns = ["repId", "repEmail", "repName", "team", ...figures, "invited", "answered", "responseRate", "components"] as const;
    const componentColumns = ["id", ...figures] as const;
    const values = (r: BonusRow) => columns.map((c) => (c === "components" ? r.components.map((x) => componentColumns.map((cc) => x[cc])) : r[c]));
    const canonical = JSON.stringify([columns, componentColumns, [a, b].map(values)]);
    expect(BonusInputs.hashRows([b, a])).toBe(createHash("sha256").update(canonical).digest("hex"));
  });
});
