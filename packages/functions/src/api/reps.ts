import { Hono } from "hono";
import * as v from "valibot";
import { Rep, RepSchema } from "@rapport/core/rep/index";
import { CursorSchema, LimitSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const RepOutput = v.object({
  id: v.string(),
  name: v.string(),
  email: v.string(),
  managerEmail: v.optional(v.string()),
  team: v.optional(v.string()),
  active: v.boolean(),
  createdAt: v.string(),
  updatedAt: v.string(),
});

export const RepListQuerySchema = v.strictObject({ limit: LimitSchema, cursor: CursorSchema });

export const reps = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      summary: "Create a rep",
      tags: ["Reps"],
      security: ["admin"],
      responses: { 201: { description: "The rep", schema: RepOutput }, 400: "Invalid input", 401: "No API key", 403: "Not an admin key", 409: "Duplicate email" },
    }),
    requireScope("admin"),
    validate("json", RepSchema),
    async (c) => c.json(await Rep.create(c.req.valid("json"), c.get("actor")), 201),
  )
  .get(
    "/",
    describe({
      summary: "List reps by name",
      tags: ["Reps"],
      security: ["admin"],
      responses: { 200: { description: "A page of reps", schema: v.object({ items: v.array(RepOutput), cursor: v.optional(v.string()) }) }, 401: "No API key", 403: "Not an admin key" },
    }),
    requireScope("admin"),
    validate("query", RepListQuerySchema),
    async (c) => c.json(await Rep.list(c.req.valid("query"))),
  );
