import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { BonusInputs, type BonusRow } from "@rapport/core/bonus/index";

const row = (overrides: Partial<BonusRow>): BonusRow => ({
  repId: "rep_01JD0000000000000000000000",
  repEmail: "ana@example.com",
  repName: "Ana",
  team: null,
  responses: 6,
  rawScore: 4.5,
  adjustedScore: 4.25,
  ciLow: 4,
  ciHigh: 4.5,
  eligible: true,
  weight: 0.2,
  payoutFactor: 1.125,
  bonusShare: 0.225,
  ...overrides,
});

describe("bonus inputs as CSV", () => {
  it("keeps a name a spreadsheet would run as a formula as text, and quotes commas and quotes", () => {
    const csv = BonusInputs.toCsv({ period: "2026-Q4", planVersion: 1, locked: false, rows: [row({ repName: '=HYPERLINK("http://x","y")', team: "West, \"North\"" })] });
    const [record] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(record!.rep_name).toBe(`'=HYPERLINK("http://x","y")`);
    expect(record!.team).toBe('West, "North"');
    // Scores and money to four decimals; an empty team is an empty cell.
    expect(record).toMatchObject({ raw_score: "4.5000", bonus_share: "0.2250", eligible: "true" });
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});
