import { describe, expect, it } from "vitest";
import { BonusInputs, type BonusRow } from "@rapport/core/bonus/index";

const row = (overrides: Partial<BonusRow>): BonusRow => ({
  repId: "rep_01JD0000000000000000000001",
  repEmail: "ana@example.com",
  repName: "Ana Lima",
  team: "East",
  responses: 6,
  rawScore: 4.5,
  adjustedScore: 4.25,
  ciLow: 4,
  ciHigh: 4.5,
  eligible: true,
  weight: 0.25,
  payoutFactor: 1.125,
  bonusShare: 0.28125,
  ...overrides,
});

const lines = (csv: string) => csv.split("\r\n");

describe("the bonus inputs file finance imports", () => {
  it("writes one header line and one line per rep, figures to four decimals, CRLF line ends", () => {
    const csv = BonusInputs.toCsv({ period: "2026-Q1", planVersion: 2, locked: true, rows: [row({})] });
    expect(lines(csv)).toEqual([
      "rep_id,rep_email,rep_name,team,period,responses,raw_score,adjusted_score,ci_low,ci_high,eligible,weight,payout_factor,bonus_share",
      // bonus share 0.28125 to four decimals: a tie, which toFixed settles upward: 0.2813.
      "rep_01JD0000000000000000000001,ana@example.com,Ana Lima,East,2026-Q1,6,4.5000,4.2500,4.0000,4.5000,true,0.2500,1.1250,0.2813",
      "",
    ]);
  });

  it("leaves the cells of a rep with no score empty and writes an ineligible rep as false", () => {
    const csv = BonusInputs.toCsv({
      period: "2026-Q1",
      planVersion: 2,
      locked: false,
      rows: [row({ team: null, responses: 0, rawScore: null, adjustedScore: null, ciLow: null, ciHigh: null, eligible: false, payoutFactor: 1, bonusShare: 0.25 })],
    });
    expect(lines(csv)[1]).toBe("rep_01JD0000000000000000000001,ana@example.com,Ana Lima,,2026-Q1,0,,,,,false,0.2500,1.0000,0.2500");
  });

  it("keeps every cell a spreadsheet would run as a formula as text, and quotes line breaks", () => {
    const names = ["+1 Sales", "-Bob", "@Ana", "\tTab", "\rCarriage", "Line\nbreak"];
    const csv = BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: names.map((repName, i) => row({ repId: `rep_${i}`, repName })) });
    const cells = lines(csv.replace(/"([^"]*)"/g, (m) => m.replace(/\r\n|\n|\r/g, "⏎")))
      .slice(1, -1)
      .map((line) => line.split(",")[2]);
    expect(cells).toEqual(["'+1 Sales", "'-Bob", "'@Ana", "'\tTab", `"'⏎Carriage"`, `"Line⏎break"`]);
    // An ordinary name with an inner hyphen or sign is left alone.
    expect(lines(BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: [row({ repName: "Ana-Maria +1" })] }))[1]).toContain(",Ana-Maria +1,");
  });

  it("writes only the header for a period without reps", () => {
    expect(BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: [] })).toBe(
      "rep_id,rep_email,rep_name,team,period,responses,raw_score,adjusted_score,ci_low,ci_high,eligible,weight,payout_factor,bonus_share\r\n",
    );
  });
});
