import { Hono } from "hono";
import * as v from "valibot";
import { Customer, CustomerSchema } from "@rapport/core/customer/index";
import { Rep } from "@rapport/core/rep/index";
import { CursorSchema, IdSchema, LimitSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const CustomerOutput = v.object({
  id: v.string(),
  name: v.string(),
  email: v.string(),
  company: v.optional(v.string()),
  repId: v.string(),
  segment: v.optional(v.string()),
  valueTier: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
});

export const CustomerListQuerySchema = v.strictObject({ repId: IdSchema("rep"), limit: LimitSchema, cursor: CursorSchema });

export const customers = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      summary: "Create a customer owned by a rep",
      tags: ["Customers"],
      security: ["admin"],
      responses: { 201: { description: "The customer", schema: CustomerOutput }, 400: "Invalid input or unknown rep", 401: "No API key", 403: "Not an admin key", 409: "Duplicate email" },
    }),
    requireScope("admin"),
    validate("json", CustomerSchema),
    async (c) => c.json(await Customer.create(c.req.valid("json"), c.get("actor")), 201),
  )
  .get(
    "/",
    describe({
      summary: "List a rep's customers by name",
      tags: ["Customers"],
      security: ["admin"],
      responses: {
        200: { description: "A page of customers", schema: v.object({ items: v.array(CustomerOutput), cursor: v.optional(v.string()) }) },
        400: "Missing or invalid repId",
        401: "No API key",
        403: "Not an admin key",
        404: "Unknown rep",
      },
    }),
    requireScope("admin"),
    validate("query", CustomerListQuerySchema),
    async (c) => {
      const { repId, ...page } = c.req.valid("query");
      await Rep.mustGet(repId);
      return c.json(await Customer.listByRep(repId, page));
    },
  );
