import * as v from "valibot";
import { createHash, timingSafeEqual } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { createId, secret } from "../id.ts";
import { NameSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { apiKeyKeys } from "./keys.ts";

/**
 * What a key may do. Scopes are separate grants, none implies another (an admin key cannot read bonus
 * inputs): `admin` runs the organisation (everything but compensation), `finance` reads bonus inputs and
 * closes periods, `events:write` only posts CRM events (`/v1/events/*`), the one scope a CRM needs. The
 * narrower ones are for integrations that need one thing: `reps:read` and `customers:read` read those
 * resources, `customers:write` creates and edits customers, `follow-ups:write` resolves recovery cases on a
 * named rep's behalf (a help desk), `bonus:read` reads bonus inputs without closing periods.
 */
export const scopes = ["admin", "finance", "events:write", "reps:read", "customers:read", "customers:write", "follow-ups:write", "bonus:read"] as const;
const scopeList = `${scopes.slice(0, -1).join(", ")} or ${scopes.at(-1)}`;
export type Scope = (typeof scopes)[number];

export const ApiKeySchema = v.strictObject({
  name: NameSchema,
  scopes: v.pipe(
    v.array(v.picklist(scopes, `must be ${scopeList}`), "must be a list of scopes"),
    v.minLength(1, "must name at least one scope"),
  ),
});
export type ApiKeyInput = v.InferOutput<typeof ApiKeySchema>;

/** A key as stored and listed: never its secret, only its SHA-256 (kept apart). */
const ApiKeyRecordSchema = v.object({ id: v.string(), name: v.string(), scopes: v.array(v.picklist(scopes)), createdAt: v.string() });
export type ApiKey = v.InferOutput<typeof ApiKeyRecordSchema>;

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
  if (existing) return existing;
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
export async function verify(key: string): Promise<ApiKey | undefined> {
  if (key.length < 1 || key.length > 200) return undefined;
  const digest = hash(key);
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: apiKeyKeys.byHash(digest) }));
  const item = result.Item;
  if (!item || typeof item.hash !== "string") return undefined;
  if (!timingSafeEqual(Buffer.from(item.hash), Buffer.from(digest))) return undefined;
  if (item.revokedAt) return undefined;
  return { id: item.id, name: item.name, scopes: item.scopes, createdAt: item.createdAt };
}

export const ApiKey = { create, register, verify };
