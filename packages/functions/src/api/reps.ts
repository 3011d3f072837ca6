import { Hono } from "hono";
import * as v from "valibot";
import { Rep, RepRecordSchema, RepSchema } from "@rapport/core/rep/index";
import { CursorSchema, LimitSchema, pageOf } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

component("RepInput", RepSchema, { name: "Dana Ortiz", email: "dana.ortiz@example.com", managerEmail: "lee.chen@example.com", team: "West", timezone: "America/Los_Angeles" });

const repExample = {
  id: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  name: "Dana Ortiz",
  email: "dana.ortiz@example.com",
  managerEmail: "lee.chen@example.com",
  team: "West",
  timezone: "America/Los_Angeles",
  active: true,
  createdAt: "2026-11-02T09:00:00.000Z",
  updatedAt: "2026-11-02T09:00:00.000Z",
};

const RepOutput = component("Rep", RepRecordSchema, repExample);
const RepPage = component("RepPage", pageOf(RepRecordSchema), { items: [repExample] });

export const RepListQuerySchema = v.strictObject({ limit: LimitSchema, cursor: CursorSchema });

export const reps = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "createRep",
      summary: "Create a rep",
      description: "The rep signs in with their email; `managerEmail` makes that person their manager on the dashboard. Audited.",
      tags: ["Reps"],
      security: ["admin"],
      responses: { 201: { description: "The rep", schema: RepOutput }, 409: "Duplicate email" },
    }),
    requireScope("admin"),
    validate("json", RepSchema),
    async (c) => c.json(await Rep.create(c.req.valid("json"), c.get("actor")), 201),
  )
  .get(
    "/",
    describe({
      operationId: "listReps",
      summary: "List reps by name",
      description: "A page at a time (`limit`); pass the answer's `cursor` back for the next page.",
      tags: ["Reps"],
      security: ["admin"],
      responses: { 200: { description: "A page of reps", schema: RepPage } },
    }),
    requireScope("admin"),
    validate("query", RepListQuerySchema),
    async (c) => c.json(await Rep.list(c.req.valid("query"))),
  );
