import { parse } from "csv-parse/sync";

/** One CSV record with the physical line it starts on (the header is line 1). */
export interface CsvRecord {
  cells: string[];
  line: number;
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

/**
 * Parses RFC 4180 text into records, keeping each record's starting line so errors point at
 * the right place even after quoted fields that span lines. Blank lines and rows of empty
 * cells are skipped; a malformed quote stops the parse with the line it was found on.
 */
export function parseCsv(text: string): CsvResult {
  // One line ending throughout, so csv-parse's line count matches what an editor shows.
  const normalised = text.replace(/\r\n?/g, "\n");
  let lastEnd = 0;
  try {
    const rows = parse(normalised, {
      bom: true,
      info: true,
      record_delimiter: "\n",
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      on_record: (record, context) => {
        lastEnd = context.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return {
      ok: true,
      records: rows.map(({ record, info }) => ({
        cells: record,
        // info.lines is the line the record ends on; quoted newlines are kept verbatim in the cells.
        line: info.lines - record.reduce((sum, cell) => sum + newlines(cell), 0),
      })),
    };
  } catch (error) {
    const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
    // An unclosed quote is only noticed at the end of the file; point at the record that opened it.
    const line = code === "CSV_QUOTE_NOT_CLOSED" ? firstContentLine(normalised, lastEnd + 1) : (lines ?? 1);
    return { ok: false, line, message: describe(message ?? String(error)) };
  }
}

function firstContentLine(text: string, from: number): number {
  const lines = text.split("\n");
  let line = from;
  while (line < lines.length && /^[\s,]*$/.test(lines[line - 1] ?? "")) line += 1;
  return line;
}

function newlines(cell: string): number {
  let count = 0;
  for (let i = cell.indexOf("\n"); i !== -1; i = cell.indexOf("\n", i + 1)) count += 1;
  return count;
}

/** csv-parse's messages, shortened to what a person fixing the file needs. */
function describe(message: string): string {
  if (message.startsWith("Quote Not Closed")) return "a quoted field is never closed (a missing \")";
  if (message.startsWith("Invalid Closing Quote")) return "unexpected text after a closing quote (write a quote inside a quoted field as \"\")";
  if (message.startsWith("Invalid Opening Quote")) return "a quote inside an unquoted field (quote the whole field and write the quote as \"\")";
  return `the file is not valid CSV: ${message}`;
}
