/** The bonus inputs as finance imports them: RFC 4180 CSV (../csv: UTF-8 with a byte-order mark) whose columns are the CSV record schema's entries. */
import type { GenericSchema, InferOutput } from "valibot";
import { Csv } from "../csv/index.ts";
import { BonusCsvRecordSchema, type BonusInputs } from "./row.ts";

type CsvRecord = InferOutput<typeof BonusCsvRecordSchema>;

type Entry = GenericSchema & { wrapped?: Entry; pipe?: readonly { type: string }[] };

/** How a column prints, read from its schema: whole numbers as they are, other numbers to four decimals, null as an empty cell. */
function printerOf(entry: Entry): (value: unknown) => string {
  const inner = entry.type === "nullable" ? entry.wrapped! : entry;
  const whole = inner.pipe?.some((action) => action.type === "integer") ?? false;
  const print = inner.type === "number" ? (n: unknown) => (whole ? String(n) : (n as number).toFixed(4)) : inner.type === "boolean" ? String : (s: unknown) => Csv.textCell(String(s));
  return (value) => (value === null || value === undefined ? "" : print(value));
}

/** The columns: the record schema's entries in their order, named in snake_case. Read per export (18 entries), not once at load, so every rule above runs under the tests. */
const columnsOf = () => Object.entries(BonusCsvRecordSchema.entries).map(([key, entry]) => ({ key: key as keyof CsvRecord, name: Csv.columnName(key), print: printerOf(entry as Entry) }));

/**
 * Bonus inputs as RFC 4180 CSV (byte-order mark, header row, CRLF), scores and money figures to four decimals:
 * one line per rep and component, with that component's figures; a rep's lines add up to the row's bonus share.
 */
export function toCsv(inputs: BonusInputs): string {
  const columns = columnsOf();
  const records = inputs.rows.flatMap((row) =>
    row.components.map((component) => {
      const record: CsvRecord = { ...row, ...component, period: inputs.period, component: component.id };
      return columns.map((c) => c.print(record[c.key]));
    }),
  );
  return Csv.csvOf(columns.map((c) => c.name), records);
}
