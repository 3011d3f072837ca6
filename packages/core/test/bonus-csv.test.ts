import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { BonusInputs, type BonusRow } from "@rapport/core/bonus/index";

/** A one-component row (a plan without components): the component carries the row's own figures. */
const row = (overrides: Partial<BonusRow>): BonusRow => {
  const figures = { responses: 6, rawScore: 4.5, adjustedScore: 4.25, ciLow: 4, ciHigh: 4.5, eligible: true, weight: 0.2, payoutFactor: 1.125, bonusShare: 0.225 };
  const { repId = "rep_01JD0000000000000000000000", repEmail = "ana@example.com", repName = "Ana", team = null, invited = 8, answered = 6, responseRate = 0.75, components, ...changed } = overrides;
  return { repId, repEmail, repName, team, ...figures, ...changed, invited, answered, responseRate, components: components ?? [{ id: "relationship", ...figures, ...changed }] };
};

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

  it("prints product.md's columns in its order: the count whole, a rep without ratings as empty score cells", () => {
    const csv = BonusInputs.toCsv({ period: "2026-Q4", planVersion: 1, locked: false, rows: [row({ responses: 0, rawScore: null, adjustedScore: null, ciLow: null, ciHigh: null, eligible: false, payoutFactor: 1, bonusShare: 0.2, invited: 0, answered: 0, responseRate: null })] });
    expect(csv).toBe(
      "\uFEFFrep_id,rep_email,rep_name,team,period,responses,raw_score,adjusted_score,ci_low,ci_high,eligible,weight,payout_factor,bonus_share,component,invited,answered,response_rate\r\n" +
        "rep_01JD0000000000000000000000,ana@example.com,Ana,,2026-Q4,0,,,,,false,0.2000,1.0000,0.2000,relationship,0,0,\r\n",
    );
  });
  it("writes figures to four decimals, a tie settled upward as toFixed does", () => {
    // bonus share 0.25 × 1.125 = 0.28125 to four decimals: a tie, which toFixed settles upward: 0.2813.
    const csv = BonusInputs.toCsv({ period: "2026-Q1", planVersion: 2, locked: true, rows: [row({ team: "East", weight: 0.25, bonusShare: 0.28125 })] });
    expect(csv.split("\r\n")[1]).toBe("rep_01JD0000000000000000000000,ana@example.com,Ana,East,2026-Q1,6,4.5000,4.2500,4.0000,4.5000,true,0.2500,1.1250,0.2813,relationship,8,6,0.7500");
  });

  it("keeps every cell a spreadsheet would run as a formula as text, and quotes line breaks", () => {
    const names = ["+1 Sales", "-Bob", "@Ana", "\tTab", "\rCarriage", "Line\nbreak"];
    const csv = BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: names.map((repName, i) => row({ repId: `rep_${i}`, repName })) });
    const [, ...records] = parse(csv) as string[][];
    expect(records.map((record) => record[2])).toEqual(["'+1 Sales", "'-Bob", "'@Ana", "'\tTab", "'\rCarriage", "Line\nbreak"]);
    // An ordinary name with an inner hyphen or sign is left alone.
    expect(BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: [row({ repName: "Ana-Maria +1" })] })).toContain(",Ana-Maria +1,");
  });

  it("quotes a cell for a quote alone or a comma alone, doubling the quotes inside", () => {
    const csv = BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: [row({ repName: 'Ana "Ace" Silva', team: "Sales, West" })] });
    expect(csv.split("\r\n")[1]).toBe('rep_01JD0000000000000000000000,ana@example.com,"Ana ""Ace"" Silva","Sales, West",2026-Q1,6,4.5000,4.2500,4.0000,4.5000,true,0.2000,1.1250,0.2250,relationship,8,6,0.7500');
  });

  it("quotes a cell with a bare carriage return, which an importer would otherwise read as a line end", () => {
    const csv = BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: [row({ repName: "Ana\rMaria", team: "North\nEast" })] });
    expect(csv).toContain(',"Ana\rMaria","North\nEast",2026-Q1,');
  });

  it("writes only the header for a period without reps", () => {
    expect(BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: [] })).toBe(
      "\uFEFFrep_id,rep_email,rep_name,team,period,responses,raw_score,adjusted_score,ci_low,ci_high,eligible,weight,payout_factor,bonus_share,component,invited,answered,response_rate\r\n",
    );
  });

  it("opens in Excel as UTF-8: the bytes start with the byte-order mark EF BB BF and an accented name survives", () => {
    const csv = BonusInputs.toCsv({ period: "2026-Q1", planVersion: 1, locked: false, rows: [row({ repName: "José Núñez" })] });
    const bytes = Buffer.from(csv, "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [record] = parse(bytes, { columns: true, bom: true }) as Record<string, string>[];
    expect(record!.rep_name).toBe("José Núñez");
    expect(Object.keys(record!)[0]).toBe("rep_id");
  });
});
