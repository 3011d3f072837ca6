import { Hono } from "hono";
import { ApiKey, ApiKeySchema, NewApiKeySchema } from "@rapport/core/api-key/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

component("ApiKeyInput", ApiKeySchema, { name: "Payroll export", scopes: ["finance"] });

const NewApiKey = component("NewApiKey", NewApiKeySchema, {
  id: "key_01JH5ZA1B2C3D4E5F6G7H8J9K0",
  name: "Payroll export",
  scopes: ["finance"],
  createdAt: "2026-11-02T09:15:00.000Z",
  key: "rk_3q9Yv0aJm2Lk8Xw4Pz7Rt1Nc6Hd5Bf0Ge2Su9Ki4Mo",
});

export const apiKeys = new Hono<AppEnv>().post(
  "/",
  describe({
    operationId: "createApiKey",
    summary: "Create an API key (the secret is shown once)",
    description:
      "A key holds one or more scopes, each its own grant (none implies another): admin (everything but compensation), finance (bonus inputs and closing periods), events:write (only the CRM events under /v1/events). Store the secret at once: it is never shown again.",
    tags: ["API keys"],
    security: ["admin"],
    responses: { 201: { description: "The key with its secret", schema: NewApiKey } },
  }),
  requireScope("admin"),
  validate("json", ApiKeySchema),
  async (c) => c.json(await ApiKey.create(c.req.valid("json"), c.get("actor")), 201),
);
