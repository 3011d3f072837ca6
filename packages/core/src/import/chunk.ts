/**
 * The campaign worker's part of an import job: writing one chunk of its validated rows, as the CLI writes
 * them (upsert by email, each in its own transaction audited as the admin who uploaded the file), then
 * adding the chunk's counts to the job once, whatever the number of deliveries. One delivery writes a chunk
 * at a time (a lease): a second one at once (the chunk given to the worker again while its first record is
 * being written) would find half its rows made by the other and report them unchanged or refused.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, sendIf, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { config } from "../config.ts";
import { Customer } from "../customer/index.ts";
import { Rep, type RepInput } from "../rep/index.ts";
import { WorkBusy } from "../campaign/busy.ts";
import { attempt, eachLimited } from "./each.ts";
import type { CustomerRowOutput, ImportError, ImportKind } from "./index.ts";
import { get, type ImportJob } from "./job.ts";
import { importKeys } from "./keys.ts";

/** A chunk item as the stream hands it over. */
export interface ImportChunk {
  importId: string;
  chunk: number;
  kind: ImportKind;
  rows: { line: number; value: RepInput | CustomerRowOutput }[];
}

/**
 * Writes the chunk's rows and counts them into its job. A chunk counted already is left alone; one another
 * delivery is writing is answered busy, and the stream delivers it again. Once counted, the chunk keeps no
 * rows: the customers' names and addresses live on in their records only.
 */
export async function writeChunk(chunk: ImportChunk): Promise<void> {
  const [job, stored] = await Promise.all([
    get(chunk.importId),
    db().send(new GetCommand({ TableName: tableName(), Key: importKeys.chunk(chunk.importId, chunk.chunk), ConsistentRead: true })),
  ]);
  // Counted by an earlier delivery, or gone for a moment while it is given to the worker again (its new
  // record follows): nothing to do.
  if (!stored.Item || stored.Item.countedAt) return;
  await lease(chunk);
  try {
    await writeRows(chunk, job);
  } catch (error) {
    await release(chunk);
    throw error;
  }
}

/** Takes the chunk's lease, or answers busy while another delivery's lease runs. */
async function lease(chunk: ImportChunk): Promise<void> {
  const at = now();
  const taken = await sendIf(
    new PutCommand({
      TableName: tableName(),
      Item: { ...importKeys.lease(chunk.importId, chunk.chunk), type: "import-lease", leaseUntil: new Date(at.getTime() + config().campaignLeaseMs).toISOString() },
      ConditionExpression: "attribute_not_exists(pk) OR leaseUntil < :now",
      ExpressionAttributeValues: { ":now": at.toISOString() },
    }),
    () => false,
  );
  if (taken === false) throw new WorkBusy(`import chunk ${chunk.chunk} is being written by another delivery`);
}

async function release(chunk: ImportChunk): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: importKeys.lease(chunk.importId, chunk.chunk) }));
}

async function writeRows(chunk: ImportChunk, job: ImportJob): Promise<void> {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const errors: ImportError[] = [];
  await eachLimited(chunk.rows, 8, async ({ line, value }) => {
    if (chunk.kind === "reps") {
      const done = await attempt(job.file, line, () => Rep.upsertByEmail(value as RepInput, job.actor), errors);
      if (done) counts[done.outcome] += 1;
      return;
    }
    const { repEmail, ...rest } = value as CustomerRowOutput;
    const rep = await Rep.fromEmail(repEmail);
    if (!rep) {
      errors.push({ file: job.file, line, field: "rep_email", message: "no rep has this email any more" });
      return;
    }
    const done = await attempt(job.file, line, () => Customer.upsertByEmail({ ...rest, repId: rep.id }, job.actor), errors);
    if (done) counts[done.outcome] += 1;
  });
  errors.sort((a, b) => a.line - b.line);
  const at = now().toISOString();
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: importKeys.chunk(chunk.importId, chunk.chunk),
          UpdateExpression: "SET countedAt = :at REMOVE #rows",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(countedAt)",
          ExpressionAttributeNames: { "#rows": "rows" },
          ExpressionAttributeValues: { ":at": at },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: importKeys.job(chunk.importId),
          UpdateExpression: "ADD #processed :n, #created :c, #updated :u, #unchanged :x, #failed :f SET #errors = list_append(#errors, :errors)",
          ExpressionAttributeNames: { "#processed": "processed", "#created": "created", "#updated": "updated", "#unchanged": "unchanged", "#failed": "failed", "#errors": "errors" },
          ExpressionAttributeValues: { ":n": chunk.rows.length, ":c": counts.created, ":u": counts.updated, ":x": counts.unchanged, ":f": errors.length, ":errors": errors },
        },
      },
      { Delete: { TableName: tableName(), Key: importKeys.lease(chunk.importId, chunk.chunk) } },
    ],
    // Counted already by an earlier delivery: nothing more to add.
    (reasons) => {
      if (reasons[0] === "ConditionalCheckFailed") throw new AlreadyCounted();
      throw new Error(`import chunk ${chunk.importId}#${chunk.chunk} could not be counted`);
    },
  ).catch(async (error: unknown) => {
    if (!(error instanceof AlreadyCounted)) throw error;
    await release(chunk);
  });
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: importKeys.job(chunk.importId),
      UpdateExpression: "SET finishedAt = :at",
      ConditionExpression: "#processed >= #rows AND attribute_not_exists(finishedAt)",
      ExpressionAttributeNames: { "#processed": "processed", "#rows": "rows" },
      ExpressionAttributeValues: { ":at": at },
    }),
    () => undefined,
  );
}

class AlreadyCounted extends Error {}
