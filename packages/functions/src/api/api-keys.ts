import { Hono } from "hono";
import * as v from "valibot";
import { ApiKey, ApiKeySchema, ApiKeyViewSchema, NewApiKeySchema } from "@rapport/core/api-key/index";
import { IdSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

component("ApiKeyInput", ApiKeySchema, { name: "Payroll export", scopes: ["finance"] });

const NewApiKey = component("NewApiKey", NewApiKeySchema, {
  id: "key_01JH5ZA1B2C3D4E5F6G7H8J9K0",
  name: "Payroll export",
  scopes: ["finance"],
  createdAt: "2026-11-02T09:15:00.000Z",
  key: "rk_3q9Yv0aJm2Lk8Xw4Pz7Rt1Nc6Hd5Bf0Ge2Su9Ki4Mo",
});
const keyExample = { id: "key_01JH5ZA1B2C3D4E5F6G7H8J9K0", name: "Help desk", scopes: ["follow-ups:write" as const], createdAt: "2026-11-02T09:15:00.000Z", lastUsedAt: "2026-11-20T14:02:11.000Z", revokedAt: null };
const ApiKeyView = component("ApiKey", ApiKeyViewSchema, keyExample);
const ApiKeyList = component("ApiKeyList", v.object({ items: v.array(ApiKeyViewSchema) }), { items: [keyExample] });

export const apiKeys = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "createApiKey",
      summary: "Create an API key (the secret is shown once)",
      description:
        "A key holds one or more scopes, each its own grant (none implies another): admin (everything but compensation), finance (bonus inputs and closing periods), events:write (only the CRM events under /v1/events), reps:read, customers:read, customers:write, follow-ups:write (resolve a case on a named rep's behalf) and bonus:read (read bonus inputs, never close). Store the secret at once: it is never shown again.",
      tags: ["API keys"],
      security: ["admin"],
      responses: { 201: { description: "The key with its secret", schema: NewApiKey } },
    }),
    requireScope("admin"),
    validate("json", ApiKeySchema),
    async (c) => c.json(await ApiKey.create(c.req.valid("json"), c.get("actor")), 201),
  )
  .get(
    "/",
    describe({
      operationId: "listApiKeys",
      summary: "Every API key, newest first, revoked ones too (never a secret)",
      description: "`lastUsedAt` is when the key was last accepted, recorded at most once a minute per key; `revokedAt` when it stopped working.",
      tags: ["API keys"],
      security: ["admin"],
      responses: { 200: { description: "The keys", schema: ApiKeyList } },
    }),
    requireScope("admin"),
    async (c) => c.json(shaped(ApiKeyList, { items: await ApiKey.list() })),
  )
  .delete(
    "/:id",
    describe({
      operationId: "revokeApiKey",
      summary: "Revoke an API key: it stops working at once",
      description: "Audited. The key stays listed with its `revokedAt`; revoking it again answers the same.",
      tags: ["API keys"],
      security: ["admin"],
      responses: { 200: { description: "The key, revoked", schema: ApiKeyView }, 404: "Unknown key" },
    }),
    requireScope("admin"),
    validate("param", v.object({ id: IdSchema("key") })),
    async (c) => c.json(shaped(ApiKeyView, await ApiKey.revoke(c.req.valid("param").id, c.get("actor")))),
  );
