/** The bonus inputs as finance imports them: RFC 4180 CSV whose columns are the CSV record schema's entries. */
import type { GenericSchema, InferOutput } from "valibot";
import { BonusCsvRecordSchema, type BonusInputs } from "./row.ts";

type CsvRecord = InferOutput<typeof BonusCsvRecordSchema>;

type Entry = GenericSchema & { wrapped?: Entry; pipe?: readonly { type: string }[] };

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** How a column prints, read from its schema: whole numbers as they are, other numbers to four decimals, null as an empty cell. */
function printerOf(entry: Entry): (value: unknown) => string {
  const inner = entry.type === "nullable" ? entry.wrapped! : entry;
  const whole = inner.pipe?.some((action) => action.type === "integer") ?? false;
  const print = inner.type === "number" ? (n: unknown) => (whole ? String(n) : (n as number).toFixed(4)) : inner.type === "boolean" ? String : (s: unknown) => textCell(String(s));
  return (value) => (value === null || value === undefined ? "" : print(value));
}

/** Text as a cell: a spreadsheet runs a cell that starts with = + - @ as a formula, so a rep named "=HYPERLINK(…)" stays text. */
function textCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const columns = Object.entries(BonusCsvRecordSchema.entries).map(([key, entry]) => ({ key: key as keyof CsvRecord, name: snakeCase(key), print: printerOf(entry as Entry) }));

/** The header row: the record schema's entries in snake_case, in their order. */
const header = columns.map((c) => c.name).join(",");

/**
 * Bonus inputs as RFC 4180 CSV (header row, CRLF), scores and money figures to four decimals: one line per
 * rep and component, with that component's figures; a rep's lines add up to the row's bonus share.
 */
export function toCsv(inputs: BonusInputs): string {
  const lines = [header];
  for (const row of inputs.rows) {
    for (const component of row.components) {
      const record: CsvRecord = { ...row, ...component, period: inputs.period, component: component.id };
      lines.push(columns.map((c) => c.print(record[c.key])).join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
