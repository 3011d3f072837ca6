/**
 * The responses export as CSV (`GET /v1/responses`, Accept: text/csv): its columns are the CSV record
 * schema's entries, which are the exported response's own, flattened: the shared customer as three columns,
 * the ratings as one `rating_<behaviour>` column per behaviour of the survey catalogue.
 */
import * as v from "valibot";
import type { GenericSchema } from "valibot";
import { Csv } from "../csv/index.ts";
import { Survey } from "../survey/index.ts";
import { ExportedResponseSchema, listResponses, SharedCustomerSchema, type ExportedResponse, type ResponsePage } from "./responses.ts";

const { id, kind, repId, period, submittedAt, revisedAt, surveyVersion, voided, ratings, comment } = ExportedResponseSchema.entries;
const shared = SharedCustomerSchema.entries;

/** One record of the CSV, in its column order: the response, who answered (empty unless they shared their name), each rating, the comment. */
const ResponseCsvRecordSchema = v.object({
  responseId: id,
  kind,
  repId,
  period,
  submittedAt,
  revisedAt,
  surveyVersion,
  voided,
  customerId: v.optional(shared.id),
  customerName: v.optional(shared.name),
  customerEmail: v.optional(shared.email),
  rating: ratings,
  comment,
});
type CsvRecord = v.InferOutput<typeof ResponseCsvRecordSchema>;

interface Column {
  name: string;
  print: (record: CsvRecord) => string;
}

/** The columns for these behaviours: a record entry (the ratings) opens one column per behaviour, a rating left out an empty cell; any other entry is one text column. */
function columnsOf(behaviours: string[]): Column[] {
  return Object.entries(ResponseCsvRecordSchema.entries).flatMap(([key, entry]): Column[] => {
    const field = key as keyof CsvRecord;
    const name = Csv.columnName(key);
    if ((entry as GenericSchema).type === "record") {
      const cell = (value: unknown) => (value === undefined ? "" : String(value));
      return behaviours.map((b) => ({ name: `${name}_${b}`, print: (r) => cell((r[field] as Record<string, unknown>)[b]) }));
    }
    return [{ name, print: (r) => Csv.textCell(r[field] === undefined ? "" : String(r[field])) }];
  });
}

const recordOf = (r: ExportedResponse): CsvRecord => ({
  ...r,
  responseId: r.id,
  customerId: r.customer?.id,
  customerName: r.customer?.name,
  customerEmail: r.customer?.email,
  rating: r.ratings,
});

/** The CSV header for these behaviours (the survey catalogue's ids, in its order). */
function csvHeader(behaviours: string[]): string {
  return Csv.head(columnsOf(behaviours).map((c) => c.name));
}

/** One page's records as CSV lines (each with its CRLF); a rating left out is an empty cell, "na" stays na. */
function csvRecords(items: ExportedResponse[], behaviours: string[]): string {
  const columns = columnsOf(behaviours);
  return items
    .map(recordOf)
    .map((record) => Csv.record(columns.map((c) => c.print(record))))
    .join("");
}

/** A whole page as CSV (byte-order mark, header, records): what the OpenAPI document shows as the example. */
export function pageAsCsv(page: ResponsePage, behaviours: string[]): string {
  return csvHeader(behaviours) + csvRecords(page.items, behaviours);
}

/** How many responses one read of the CSV takes. */
const CSV_PAGE = 200;

/**
 * Every response of the period (optionally of one rep) as CSV chunks: the header and the first page, then a
 * page at a time, columns for every behaviour in the survey catalogue. The first page is read before this
 * returns, so an unknown rep is a 404 and not a broken download.
 */
export async function responsesCsv(query: { period: string; repId?: string }): Promise<AsyncIterable<string>> {
  const behaviours = (await Survey.catalog()).map((b) => b.id);
  const first = await listResponses({ ...query, limit: CSV_PAGE });
  return (async function* () {
    yield csvHeader(behaviours) + csvRecords(first.items, behaviours);
    for (let page = first; page.nextCursor; ) {
      page = await listResponses({ ...query, limit: CSV_PAGE, cursor: page.nextCursor });
      yield csvRecords(page.items, behaviours);
    }
  })();
}
