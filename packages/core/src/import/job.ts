/**
 * An import job: a CSV file from the admin console, validated whole in the request, then written in the
 * background. Its rows are stored in chunks; each chunk's creation reaches the campaign worker through the
 * table's stream (the same durable path as a campaign's batches), which upserts its rows as the CLI does
 * and adds its counts to the job, so a file of any size the upload allows finishes however long it takes.
 */
import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { batchPut, db, queryPage, strip, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { createId } from "../id.ts";
import { Audit, ActorSchema, type Actor } from "../audit/index.ts";
import { VisibleError } from "../error.ts";
import { ImportErrorSchema, ImportKindSchema, prepare, type ImportError, type ImportFile } from "./index.ts";
import { importKeys } from "./keys.ts";

/** Rows per chunk: one worker record writes them (100 upserts, 8 at a time, well inside its time). */
export const CHUNK_ROWS = 100;

export const ImportJobSchema = v.object({
  id: v.string(),
  kind: ImportKindSchema,
  /** The uploaded file's name, as errors refer to it. */
  file: v.string(),
  rows: v.number(),
  chunks: v.number(),
  /** Rows written or refused so far (the bar's value). */
  processed: v.number(),
  created: v.number(),
  updated: v.number(),
  unchanged: v.number(),
  /** Rows the write refused (a conflict with a change made meanwhile), each in `errors`. */
  failed: v.number(),
  errors: v.array(ImportErrorSchema),
  actor: ActorSchema,
  createdAt: v.string(),
  finishedAt: v.optional(v.string()),
});
export type ImportJob = v.InferOutput<typeof ImportJobSchema>;

/** A job's state as its page shows it. */
export const statusOf = (job: ImportJob): "queued" | "importing" | "done" => (job.finishedAt || job.processed >= job.rows ? "done" : job.processed > 0 ? "importing" : "queued");

/** What `start` answers: the job, or every bad row of a file that was not imported. */
export type Started = { job: ImportJob } | { errors: ImportError[] };

/**
 * Validates every row of the file; with any bad row nothing is imported and every bad row is answered (the
 * CLI's rule: the file is fixed and sent again, and the import is all of it or none). Otherwise records
 * the job (audited as `actor`) and its chunks, which the worker writes.
 */
export async function start(file: ImportFile, actor: Actor): Promise<Started> {
  const prepared = await prepare([file]);
  if (prepared.errors.length) return { errors: prepared.errors };
  const sheet = prepared.sheets[0];
  const rows = sheet?.kind === "reps" ? prepared.reps : prepared.customers;
  if (!sheet || rows.length === 0) return { errors: [{ file: file.name, line: 1, field: "", message: "has a header but no rows to import" }] };
  const at = now().toISOString();
  const id = createId("importJob");
  const chunks = Math.ceil(rows.length / CHUNK_ROWS);
  const job: ImportJob = { id, kind: sheet.kind, file: file.name, rows: rows.length, chunks, processed: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [], actor, createdAt: at };
  await transact([
    { Put: { TableName: tableName(), Item: { ...importKeys.job(id), ...importKeys.listed(at, id), type: "import-job", ...job }, ConditionExpression: "attribute_not_exists(pk)" } },
    Audit.record(actor, "import.start", id, { kind: job.kind, rows: job.rows }),
  ]);
  // The job first: a chunk the worker reads always finds its job.
  await batchPut(
    Array.from({ length: chunks }, (_, n) => ({
      ...importKeys.chunk(id, n),
      type: "import-chunk",
      importId: id,
      chunk: n,
      kind: sheet.kind,
      rows: rows.slice(n * CHUNK_ROWS, (n + 1) * CHUNK_ROWS),
    })),
  );
  return { job };
}

/** The job with this id, or a 404. */
export async function get(id: string): Promise<ImportJob> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: importKeys.job(id), ConsistentRead: true }));
  if (!Item) throw new VisibleError("not-found", "import_not_found", "There is no such import.");
  return strip(Item) as unknown as ImportJob;
}

/** The newest import jobs. */
export async function recent(limit = 10): Promise<ImportJob[]> {
  const page = await queryPage<Record<string, unknown>>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": importKeys.listPartition },
    ScanIndexForward: false,
    Limit: limit,
  });
  return page.items.map((item) => strip(item) as unknown as ImportJob);
}

export const ImportJobs = { start, get, recent, statusOf };
