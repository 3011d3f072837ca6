/**
 * The one way Rapport writes CSV (RFC 4180, CRLF line ends), for every CSV it serves: the bonus inputs and
 * the responses export. A finance person double-clicks the file, so it opens in Excel as UTF-8: it starts
 * with a byte-order mark (without one Excel reads "José Núñez" as "JosÃ© NÃºÃ±ez"). Text cells are
 * guarded against formula injection.
 */

/** The UTF-8 byte-order mark (EF BB BF once encoded): the first character of every CSV served. */
export const BOM = "\uFEFF";

const CRLF = "\r\n";

/** Text as a cell: a spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula, so "=HYPERLINK(…)" stays text; quoted when it holds a quote, comma or line break. */
export function textCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A record field's column name: `submittedAt` heads the column `submitted_at`. */
export function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** One record: cells already printed (text through `textCell`), joined by commas, with its CRLF. */
export function record(cells: string[]): string {
  return `${cells.join(",")}${CRLF}`;
}

/** The start of a CSV body: the byte-order mark and the header row. A streamed body sends this first, then its records page by page. */
export function head(columns: string[]): string {
  return `${BOM}${record(columns.map(textCell))}`;
}

/** A whole CSV body: the byte-order mark, the header row and every record. */
export function csvOf(columns: string[], records: string[][]): string {
  return head(columns) + records.map(record).join("");
}

/** A CSV body without its byte-order mark: what a reader that decodes UTF-8 (fetch's text(), a browser) sees. */
export function withoutBom(body: string): string {
  return body.startsWith(BOM) ? body.slice(BOM.length) : body;
}

export const Csv = { BOM, textCell, columnName, record, head, csvOf, withoutBom };
