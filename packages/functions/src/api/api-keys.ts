import { Hono } from "hono";
import * as v from "valibot";
import { ApiKey, ApiKeySchema } from "@rapport/core/api-key/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const ApiKeyOutput = v.object({
  id: v.string(),
  name: v.string(),
  scopes: v.array(v.string()),
  createdAt: v.string(),
  key: v.pipe(v.string(), v.description("The secret. Shown once; Rapport stores only its SHA-256.")),
});

export const apiKeys = new Hono<AppEnv>().post(
  "/",
  describe({
    summary: "Create an API key (the secret is shown once)",
    tags: ["API keys"],
    security: ["admin"],
    responses: { 201: { description: "The key with its secret", schema: ApiKeyOutput }, 400: "Invalid input", 401: "No API key", 403: "Not an admin key" },
  }),
  requireScope("admin"),
  validate("json", ApiKeySchema),
  async (c) => c.json(await ApiKey.create(c.req.valid("json"), c.get("actor")), 201),
);
