import {
  type CancellationReason,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  TransactionCanceledException,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DynamoDBDocumentClient,
  QueryCommand,
  type DeleteCommand,
  type PutCommand,
  type UpdateCommand,
  type BatchGetCommandOutput,
  type DeleteCommandOutput,
  type PutCommandOutput,
  type UpdateCommandOutput,
  TransactWriteCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { VisibleError } from "../error.ts";
import { createTableInput } from "./table.ts";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
type Item = Record<string, unknown>;

let raw: DynamoDBClient | undefined;
let doc: DynamoDBDocumentClient | undefined;

/** The one low-level DynamoDB client, configured from `config()`. */
export function dynamo(): DynamoDBClient {
  if (!raw) {
    const { region, dynamoEndpoint } = config();
    raw = new DynamoDBClient({
      region,
      ...(dynamoEndpoint
        ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
        : {}),
      maxAttempts: 5,
    });
  }
  return raw;
}

/** The one document client; items are plain objects. */
export function db(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(dynamo(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return doc;
}

/** Drops the clients so the next call picks up a changed configuration (tests, local runner). */
export function resetClients(): void {
  raw?.destroy();
  raw = undefined;
  doc = undefined;
}

export function tableName(): string {
  return config().tableName;
}

/** A reason a transaction may be cancelled, mapped to the error the caller sees. */
export type CancelReasons = (string | undefined)[];

/**
 * How a transaction cancelled only because a concurrent one touched the same items (two customers of one
 * rep answering at once, both adding to the rep's counters) is sent again: nothing of it was written, so
 * the same items go again after a random wait that doubles each time (full jitter), up to this many tries.
 */
const CONFLICT_TRIES = 8;
const conflictWaitMs = (attempt: number) => Math.random() * Math.min(400, 25 * 2 ** (attempt - 1));

/**
 * Writes all `items` in one TransactWriteItems. When DynamoDB cancels the transaction because
 * a condition failed, `onConditionFailed` receives the per-item reason codes and decides what
 * the caller sees (usually a VisibleError); the full reasons carry the item of a write that asked for it
 * (ReturnValuesOnConditionCheckFailure). A conflict with a concurrent transaction is retried
 * (CONFLICT_TRIES); once the tries are spent it goes to `onConflict` when given, else becomes a 409.
 */
export async function transact(
  items: TransactItem[],
  onConditionFailed?: (reasons: CancelReasons, details: CancellationReason[]) => never,
  options: { onConflict?: () => never } = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
      if (reasons.includes("ConditionalCheckFailed") && onConditionFailed) onConditionFailed(reasons, error.CancellationReasons ?? []);
      if (!reasons.includes("TransactionConflict")) throw error;
      if (attempt < CONFLICT_TRIES) {
        await new Promise((ok) => setTimeout(ok, conflictWaitMs(attempt)));
        continue;
      }
      options.onConflict?.();
      throw new VisibleError("conflict", "transaction_conflict", "Another change to the same records was in progress; try again.");
    }
  }
}

/** A single-item write that carries a ConditionExpression. */
export type ConditionalWrite = PutCommand | UpdateCommand | DeleteCommand;
type OutputOf<C extends ConditionalWrite> = C extends PutCommand ? PutCommandOutput : C extends UpdateCommand ? UpdateCommandOutput : DeleteCommandOutput;

/**
 * Sends one conditional Put, Update or Delete. When its condition fails, answers what `onFailed` gives
 * instead (the domain's answer: false, undefined, "skipped"), or throws what `onFailed` throws (usually a
 * VisibleError). Every other error propagates.
 */
export async function sendIf<C extends ConditionalWrite, F>(command: C, onFailed: () => F | Promise<F>): Promise<OutputOf<C> | F> {
  try {
    return (await db().send(command as UpdateCommand)) as OutputOf<C>;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return onFailed();
    throw error;
  }
}

/** One page of a Query, with an opaque cursor for the next page. */
export async function queryPage<T = Item>(
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
  cursor?: string,
): Promise<{ items: T[]; cursor?: string }> {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      ...input,
      ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}),
    }),
  );
  return {
    items: (result.Items ?? []) as T[],
    ...(result.LastEvaluatedKey ? { cursor: encodeCursor(result.LastEvaluatedKey) } : {}),
  };
}

/** Every item a Query matches, page by page. */
export async function queryAll<T = Item>(input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage<T>(input, cursor);
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/**
 * One page of a Query whose items must also pass `keep` (filters a key condition cannot express, such as a
 * case-insensitive prefix): reads pages of the query until `limit` items passed or `budget` items were read,
 * and answers a cursor that resumes right after the last item read, so no item is skipped or repeated.
 */
export async function queryMatching<T extends Item = Item>(
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey" | "Limit">,
  keyOf: (item: T) => Record<string, unknown>,
  keep: (item: T) => boolean,
  options: { limit: number; cursor?: string; budget?: number },
): Promise<{ items: T[]; cursor?: string }> {
  const out: T[] = [];
  let start = options.cursor ? decodeCursor(options.cursor) : undefined;
  let read = 0;
  const budget = options.budget ?? 2_000;
  while (out.length < options.limit && read < budget) {
    const result = await db().send(
      new QueryCommand({ TableName: tableName(), ...input, Limit: Math.min(200, budget - read), ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    const items = (result.Items ?? []) as T[];
    let last: T | undefined;
    for (const item of items) {
      read += 1;
      last = item;
      if (keep(item)) out.push(item);
      if (out.length === options.limit) break;
    }
    // Stopped inside the page: resume after the last item looked at; else where the Query says.
    start = last && last !== items.at(-1) ? keyOf(last) : result.LastEvaluatedKey;
    if (!start) break;
  }
  return { items: out, ...(start ? { cursor: encodeCursor(start) } : {}) };
}

/** An opaque cursor for a position (a key, or what a caller needs to resume): base64url JSON. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The position a cursor of `encodeCursor` holds; 400 invalid_cursor for anything else. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (key && typeof key === "object" && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through to the visible error
  }
  throw new VisibleError("input", "invalid_cursor", "The cursor is not one this API gave out.", { cursor: "invalid cursor" });
}

/** Every item of `keys` that exists, fetched 100 at a time with BatchGetItem (unprocessed keys retried). */
export async function batchGet<T = Item>(keys: Record<string, unknown>[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    while (pending?.length) {
      const result: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }));
      out.push(...((result.Responses?.[tableName()] ?? []) as T[]));
      pending = result.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return out;
}

/**
 * Puts every item with BatchWriteItem, 25 to a request (no conditions: only for items nothing else writes
 * at the same time). Unprocessed items are sent again after a short wait that doubles each time.
 */
export async function batchPut(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await new Promise((ok) => setTimeout(ok, Math.min(1_000, 25 * 2 ** attempt)));
      const result: BatchWriteCommandOutput = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (result.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
    }
  }
}

/** Creates the table from the one definition when it does not exist yet; answers whether it created it. */
export async function ensureTable(name = tableName()): Promise<boolean> {
  try {
    await dynamo().send(new DescribeTableCommand({ TableName: name }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await dynamo().send(new CreateTableCommand(createTableInput(name)));
  return true;
}

/**
 * Turns on the table's stream (new images) when a table made before campaigns ran on it lacks one; the
 * campaign worker reads it. Answers whether it had to.
 */
export async function ensureStream(name = tableName()): Promise<boolean> {
  const { Table } = await dynamo().send(new DescribeTableCommand({ TableName: name }));
  if (Table?.StreamSpecification?.StreamEnabled) return false;
  await dynamo().send(new UpdateTableCommand({ TableName: name, StreamSpecification: createTableInput(name).StreamSpecification }));
  return true;
}

/** Strips the storage keys (and any `internal` bookkeeping attributes) from an item before it leaves core. */
export function strip<T extends Item>(item: T, ...internal: string[]): Omit<T, "pk" | "sk" | "gsi1pk" | "gsi1sk" | "gsi2pk" | "gsi2sk" | "type"> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, type: _type, ...rest } = item;
  for (const name of internal) delete (rest as Item)[name];
  return rest;
}
