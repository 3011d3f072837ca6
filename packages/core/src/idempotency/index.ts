/**
 * `Idempotency-Key` for POSTs a client may send again (a CRM retrying after a timeout): the first request
 * with a key claims it with a conditional write before any work is done, with a hash of what it asked;
 * when its work succeeds, the answer is stored beside the claim, and for 24 hours a request with the same
 * key and the same body gets that answer again without any work. The same key with another body is a
 * 422; a request arriving while the first is still working, a 409 with Retry-After. A first request that
 * fails (any 4xx or 5xx) releases its key, so the client can correct it and try again with the same key.
 */
import * as v from "valibot";
import { createHash } from "node:crypto";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, sendIf, tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { secret } from "../id.ts";
import { idempotencyKeys } from "./keys.ts";

/** A key is remembered this long after its first request. */
export const IDEMPOTENCY_HOURS = 24;
/** A claim whose request never finished (its process died) may be taken over after this long. */
export const IN_FLIGHT_SECONDS = 60;
/**
 * The longest Retry-After a 409 asks for: a request in flight usually finishes in well under a second, and the
 * claim's 60 s lock is only for one whose process died; a client told "60" would wait a minute for nothing.
 */
const MAX_RETRY_AFTER_SECONDS = 2;

/** The header's value: 1 to 255 printable ASCII characters (the IETF draft leaves the form to the server). */
export const IdempotencyKeySchema = v.pipe(
  v.string("must be text"),
  v.minLength(1, "must be 1 to 255 printable ASCII characters"),
  v.maxLength(255, "must be 1 to 255 printable ASCII characters"),
  v.regex(/^[\x20-\x7E]+$/, "must be 1 to 255 printable ASCII characters"),
  v.description("Any unique value (a UUID is usual), 1 to 255 printable ASCII characters. For 24 hours, a request with the same key and body is answered with the first answer, and nothing is done again."),
);

/** One request under a key: whose key, the Idempotency-Key, and the fingerprint of what it asks. */
export interface KeyedRequest {
  apiKeyId: string;
  key: string;
  fingerprint: string;
}

/** A stored answer: its status and its JSON body as sent. */
export interface StoredAnswer {
  status: number;
  body: string;
}

/** The key is held by a request still working: try again after `retryAfterSeconds`. */
export class InProgress extends VisibleError {
  constructor(readonly retryAfterSeconds: number) {
    super("conflict", "idempotency_in_progress", `A request with this Idempotency-Key is still being processed; try again in ${retryAfterSeconds} s.`);
  }
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** JSON with every object's keys sorted, so two bodies that say the same thing have one fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** What a request asks, as a hash: its route and its body (key order does not matter). */
export function fingerprint(route: string, body: unknown): string {
  return sha256(`${route}\n${canonicalJson(body)}`);
}

const keyOf = (request: KeyedRequest) => idempotencyKeys.request(request.apiKeyId, sha256(request.key));

/**
 * Claims `request`'s key for its work, or answers what an earlier request with the key was answered:
 * `{ token }` when this request is to do the work (hand the token to `finish` or `release`), `{ answer }`
 * for a replay. Throws 422 `idempotency_key_reused` when the key was used with another body, and
 * `InProgress` (409) while the first request with it is still working.
 */
export async function begin(request: KeyedRequest): Promise<{ token: string } | { answer: StoredAnswer }> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const at = now();
    const token = secret(16);
    const expiresAt = new Date(at.getTime() + IDEMPOTENCY_HOURS * 3_600_000);
    const claimed = await sendIf(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keyOf(request),
          type: "idempotency",
          apiKeyId: request.apiKeyId,
          fingerprint: request.fingerprint,
          state: "in-flight",
          token,
          claimedAt: at.toISOString(),
          lockedUntil: new Date(at.getTime() + IN_FLIGHT_SECONDS * 1000).toISOString(),
          expiresAt: expiresAt.toISOString(),
          // DynamoDB deletes expired items within a day or two; until then `expiresAt` decides.
          ttl: Math.ceil(expiresAt.getTime() / 1000),
        },
        ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now OR (#state = :inFlight AND lockedUntil <= :now)",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":now": at.toISOString(), ":inFlight": "in-flight" },
      }),
      () => false as const,
    );
    if (claimed !== false) return { token };
    const held = (await db().send(new GetCommand({ TableName: tableName(), Key: keyOf(request), ConsistentRead: true }))).Item;
    // Released, expired or abandoned since the write was refused: claim it again.
    if (!held || String(held.expiresAt) <= at.toISOString()) continue;
    if (held.fingerprint !== request.fingerprint) {
      throw new VisibleError("unprocessable", "idempotency_key_reused", "This Idempotency-Key was used with another request in the last 24 hours; use a new key for a new request.", {
        "Idempotency-Key": "was used with another request",
      });
    }
    if (held.state === "done") return { answer: { status: Number(held.responseStatus), body: String(held.responseBody) } };
    const wait = Math.ceil((new Date(String(held.lockedUntil)).getTime() - at.getTime()) / 1000);
    if (wait <= 0) continue;
    throw new InProgress(Math.min(wait, MAX_RETRY_AFTER_SECONDS));
  }
  throw new InProgress(1);
}

/** Stores the answer of the request that holds the key (a taken-over claim's late finish changes nothing). */
export async function finish(request: KeyedRequest, token: string, answer: StoredAnswer): Promise<void> {
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(request),
      UpdateExpression: "SET #state = :done, responseStatus = :status, responseBody = :body, finishedAt = :at REMOVE lockedUntil",
      ConditionExpression: "#token = :token",
      ExpressionAttributeNames: { "#state": "state", "#token": "token" },
      ExpressionAttributeValues: { ":done": "done", ":status": answer.status, ":body": answer.body, ":at": now().toISOString(), ":token": token },
    }),
    () => undefined,
  );
}

/** Forgets the key of a request that failed, so the same key may carry the corrected request. */
export async function release(request: KeyedRequest, token: string): Promise<void> {
  await sendIf(
    new DeleteCommand({
      TableName: tableName(),
      Key: keyOf(request),
      ConditionExpression: "#token = :token",
      ExpressionAttributeNames: { "#token": "token" },
      ExpressionAttributeValues: { ":token": token },
    }),
    () => undefined,
  );
}

export const Idempotency = { begin, finish, release, fingerprint };
