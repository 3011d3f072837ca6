import * as v from "valibot";
import { createHash, timingSafeEqual } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryAll, queryPage, sendIf, tableName, transact } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { now } from "../clock/index.ts";
import { createId, secret } from "../id.ts";
import { NameSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { apiKeyKeys } from "./keys.ts";

import { scopes, type Scope } from "./scopes.ts";

export { scopeGrants, scopes, type Scope } from "./scopes.ts";
const scopeList = `${scopes.slice(0, -1).join(", ")} or ${scopes.at(-1)}`;

export const ApiKeySchema = v.strictObject({
  name: NameSchema,
  scopes: v.pipe(
    v.array(v.picklist(scopes, `must be ${scopeList}`), "must be a list of scopes"),
    v.minLength(1, "must name at least one scope"),
  ),
});
export type ApiKeyInput = v.InferOutput<typeof ApiKeySchema>;

/** A key as stored: never its secret, only its SHA-256 (kept apart). */
const ApiKeyRecordSchema = v.object({ id: v.string(), name: v.string(), scopes: v.array(v.picklist(scopes)), createdAt: v.string() });
export type ApiKey = v.InferOutput<typeof ApiKeyRecordSchema>;

/** A key as listed: its record, when it was last used (to the minute) and when it was revoked, if it was. */
export const ApiKeyViewSchema = v.object({
  ...ApiKeyRecordSchema.entries,
  lastUsedAt: v.pipe(v.nullable(v.string()), v.description("When the key was last accepted, recorded at most once a minute; null when never.")),
  revokedAt: v.pipe(v.nullable(v.string()), v.description("When the key was revoked (it stopped working then); null while it works.")),
});
export type ApiKeyView = v.InferOutput<typeof ApiKeyViewSchema>;

/** A key's last use is written at most this often, so a busy key does not write on every call. */
export const LAST_USED_EVERY_MS = 60_000;

/** A key just created: the record with its secret, the one time it is shown. */
export const NewApiKeySchema = v.object({
  ...ApiKeyRecordSchema.entries,
  key: v.pipe(v.string(), v.description("The secret. Shown once; Rapport stores only its SHA-256.")),
});
export type NewApiKey = v.InferOutput<typeof NewApiKeySchema>;

function hash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Creates a key; the secret is returned once and only its SHA-256 is stored. */
export async function create(input: ApiKeyInput, actor: Actor): Promise<NewApiKey> {
  const key = `rk_${secret(32)}`;
  const apiKey = await register(key, input, actor);
  return { ...apiKey, key };
}

/** Stores a key whose secret the caller chose (the local runner's ADMIN_API_KEY); idempotent on the secret. */
export async function register(key: string, input: ApiKeyInput, actor: Actor): Promise<ApiKey> {
  const existing = await verify(key);
  if (existing) {
    const { lastUsedAt: _, ...known } = existing;
    return known;
  }
  const apiKey: ApiKey = { id: createId("apiKey"), name: input.name, scopes: [...new Set(input.scopes)], createdAt: now().toISOString() };
  await transact([
    {
      Put: {
        TableName: tableName(),
        Item: { ...apiKeyKeys.byHash(hash(key)), ...apiKeyKeys.list(apiKey.id), type: "api-key", hash: hash(key), ...apiKey },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.record(actor, "api-key.create", apiKey.id, { name: apiKey.name, scopes: apiKey.scopes }),
  ]);
  return apiKey;
}

/** The key a bearer secret belongs to, or undefined. */
export async function verify(key: string): Promise<(ApiKey & { lastUsedAt?: string }) | undefined> {
  if (key.length < 1 || key.length > 200) return undefined;
  const digest = hash(key);
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: apiKeyKeys.byHash(digest) }));
  const item = result.Item;
  if (!item || typeof item.hash !== "string") return undefined;
  if (!timingSafeEqual(Buffer.from(item.hash), Buffer.from(digest))) return undefined;
  if (item.revokedAt) return undefined;
  return { id: item.id, name: item.name, scopes: item.scopes, createdAt: item.createdAt, ...(item.lastUsedAt ? { lastUsedAt: item.lastUsedAt as string } : {}) };
}

/**
 * Records that a key was just accepted, unless that was recorded less than a minute ago: the write is
 * skipped when the verified key's last use is that recent, and conditional otherwise, so concurrent calls
 * write once. Revoked keys are never touched.
 */
export async function touch(key: ApiKey & { lastUsedAt?: string }, secretKey: string): Promise<void> {
  const at = now();
  const since = new Date(at.getTime() - LAST_USED_EVERY_MS).toISOString();
  if (key.lastUsedAt && key.lastUsedAt > since) return;
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: apiKeyKeys.byHash(hash(secretKey)),
      UpdateExpression: "SET lastUsedAt = :at",
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt <= :since)",
      ExpressionAttributeValues: { ":at": at.toISOString(), ":since": since },
    }),
    () => undefined,
  );
}

function toView(item: Record<string, unknown>): ApiKeyView {
  return {
    id: item.id as string,
    name: item.name as string,
    scopes: item.scopes as Scope[],
    createdAt: item.createdAt as string,
    lastUsedAt: (item.lastUsedAt as string | undefined) ?? null,
    revokedAt: (item.revokedAt as string | undefined) ?? null,
  };
}

/** Every key, newest first, revoked ones included (their secrets are never stored, so none is shown). */
export async function list(): Promise<ApiKeyView[]> {
  const items = await queryAll<Record<string, unknown>>({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": apiKeyKeys.listPartition }, ScanIndexForward: false });
  return items.map(toView);
}

/** Revokes a key (audited): it stops working at once. 404 for an unknown id; revoking a revoked key answers it again. */
export async function revoke(id: string, actor: Actor): Promise<ApiKeyView> {
  const found = await queryPage<Record<string, unknown>>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk AND gsi1sk = :id",
    ExpressionAttributeValues: { ":pk": apiKeyKeys.listPartition, ":id": id },
  });
  const item = found.items[0];
  if (!item) throw new VisibleError("not-found", "api_key_not_found", `No API key has the id ${id}.`);
  if (item.revokedAt) return toView(item);
  const revokedAt = now().toISOString();
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: "SET revokedAt = :at",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt)",
          ExpressionAttributeValues: { ":at": revokedAt },
        },
      },
      Audit.record(actor, "api-key.revoke", id, { name: item.name }),
    ],
    () => {
      throw new VisibleError("conflict", "api_key_changed", "This API key changed while it was being revoked; try again.");
    },
  );
  return toView({ ...item, revokedAt });
}

export const ApiKey = { create, register, verify, touch, list, revoke };
