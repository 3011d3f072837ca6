/**
 * The campaign worker's part of an import job: writing one chunk of its validated rows, as the CLI writes
 * them (upsert by email, each in its own transaction audited as the admin who uploaded the file), then
 * adding the chunk's counts to the job once, whatever the number of deliveries.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sendIf, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { Customer } from "../customer/index.ts";
import { Rep, type RepInput } from "../rep/index.ts";
import { attempt, eachLimited } from "./each.ts";
import type { CustomerRowOutput, ImportError, ImportKind } from "./index.ts";
import { get } from "./job.ts";
import { importKeys } from "./keys.ts";

/** A chunk item as the stream hands it over. */
export interface ImportChunk {
  importId: string;
  chunk: number;
  kind: ImportKind;
  rows: { line: number; value: RepInput | CustomerRowOutput }[];
}

/**
 * Writes the chunk's rows and counts them into its job. A redelivered chunk writes its rows again (the
 * upserts find them unchanged) but is counted once: the count is conditional on the chunk not yet counted.
 */
export async function writeChunk(chunk: ImportChunk): Promise<void> {
  const job = await get(chunk.importId);
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
          UpdateExpression: "SET countedAt = :at",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(countedAt)",
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
    ],
    // Counted already by an earlier delivery: nothing more to add.
    (reasons) => {
      if (reasons[0] === "ConditionalCheckFailed") throw new AlreadyCounted();
      throw new Error(`import chunk ${chunk.importId}#${chunk.chunk} could not be counted`);
    },
  ).catch((error: unknown) => {
    if (!(error instanceof AlreadyCounted)) throw error;
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
