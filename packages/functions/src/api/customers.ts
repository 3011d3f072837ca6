import { Hono } from "hono";
import * as v from "valibot";
import { Customer, CustomerRecordSchema, CustomerSchema } from "@rapport/core/customer/index";
import { Rep } from "@rapport/core/rep/index";
import { CursorSchema, IdSchema, LimitSchema, pageOf } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

component("CustomerInput", CustomerSchema, { name: "Sam Lee", email: "sam.lee@example.com", company: "Northwind", repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y", valueTier: "A" });

const customerExample = {
  id: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K",
  name: "Sam Lee",
  email: "sam.lee@example.com",
  company: "Northwind",
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  valueTier: "A" as const,
  createdAt: "2026-11-02T09:20:00.000Z",
  updatedAt: "2026-11-02T09:20:00.000Z",
};

const CustomerOutput = component("Customer", CustomerRecordSchema, customerExample);
const CustomerPage = component("CustomerPage", pageOf(CustomerRecordSchema), { items: [customerExample] });

export const CustomerListQuerySchema = v.strictObject({ repId: IdSchema("rep"), limit: LimitSchema, cursor: CursorSchema });

export const customers = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "createCustomer",
      summary: "Create a customer owned by a rep",
      description: "Each email belongs to one customer. Audited.",
      tags: ["Customers"],
      security: ["admin"],
      responses: { 201: { description: "The customer", schema: CustomerOutput }, 400: "Invalid input (`error.fields` names each field), or an unknown rep", 409: "Duplicate email" },
    }),
    requireScope("admin"),
    validate("json", CustomerSchema),
    async (c) => c.json(await Customer.create(c.req.valid("json"), c.get("actor")), 201),
  )
  .get(
    "/",
    describe({
      operationId: "listCustomers",
      summary: "List a rep's customers by name",
      description: "A page at a time (`limit`, default 100); pass the answer's `cursor` back for the next page.",
      tags: ["Customers"],
      security: ["admin"],
      responses: { 200: { description: "A page of customers", schema: CustomerPage }, 400: "Missing or invalid repId", 404: "Unknown rep" },
    }),
    requireScope("admin"),
    validate("query", CustomerListQuerySchema),
    async (c) => {
      const { repId, ...page } = c.req.valid("query");
      await Rep.mustGet(repId);
      return c.json(await Customer.listByRep(repId, page));
    },
  );
