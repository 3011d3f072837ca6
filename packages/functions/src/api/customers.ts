import { Hono } from "hono";
import * as v from "valibot";
import { Customer, CustomerRecordSchema, CustomerSchema } from "@rapport/core/customer/index";
import { CustomerListQuerySchema, list } from "@rapport/core/customer/list";
import { CustomerPatchSchema, deactivate, patch } from "@rapport/core/customer/update";
import { cursorPageOf, IdSchema, withLegacyCursor } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";
import { etagHeader, ifMatch, IfMatchHeaderSchema, withEtag } from "./etag.ts";

component("CustomerInput", CustomerSchema, { name: "Sam Lee", email: "sam.lee@example.com", company: "Northwind", repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y", valueTier: "A" });
component("CustomerPatch", CustomerPatchSchema, { repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y", segment: null });

const customerExample = {
  id: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K",
  name: "Sam Lee",
  email: "sam.lee@example.com",
  company: "Northwind",
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  valueTier: "A" as const,
  active: true,
  version: 1,
  createdAt: "2026-11-02T09:20:00.000Z",
  updatedAt: "2026-11-02T09:20:00.000Z",
};

const CustomerOutput = component("Customer", CustomerRecordSchema, customerExample);
const CustomerPage = component("CustomerPage", cursorPageOf(CustomerRecordSchema), { items: [customerExample] });

const CustomerParamSchema = v.strictObject({ id: IdSchema("cus") });
const one = { description: "The customer", schema: CustomerOutput, headers: etagHeader };
const readers = ["admin", "customers:read", "customers:write"] as const;
const writers = ["admin", "customers:write"] as const;

export const customers = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "createCustomer",
      summary: "Create a customer owned by a rep",
      description: "Each email belongs to one customer. Audited.",
      tags: ["Customers"],
      security: [...writers],
      responses: {
        201: { ...one, description: "The customer" },
        400: "Invalid input (`error.fields` names each field), or an unknown rep",
        409: "Duplicate email",
        422: "The rep is deactivated (`rep_inactive`): a deactivated rep takes no new customers",
      },
    }),
    requireScope([...writers]),
    validate("json", CustomerSchema),
    async (c) => {
      const customer = await Customer.create(c.req.valid("json"), c.get("actor"));
      return withEtag(c, CustomerOutput, customer, customer, 201);
    },
  )
  .get(
    "/",
    describe({
      operationId: "listCustomers",
      summary: "List customers by rep and name",
      description:
        "A page at a time (`limit`, default 100); pass the answer's `nextCursor` back as `cursor` for the next page (a page may hold fewer than `limit` while `nextCursor` is present). Narrow by `repId`, `team` (its name), `status` (active or inactive), `tier` and `q` (a prefix of the name or the email, any case). Prospects (a lost deal's contacts) are never listed. `cursor` in the answer is deprecated (the same as `nextCursor`).",
      tags: ["Customers"],
      security: [...readers],
      responses: { 200: { description: "A page of customers", schema: CustomerPage }, 404: "`rep_not_found`: no rep has `repId`" },
    }),
    requireScope([...readers]),
    validate("query", CustomerListQuerySchema),
    async (c) => c.json(withLegacyCursor(await list(c.req.valid("query")))),
  )
  .get(
    "/:id",
    describe({
      operationId: "getCustomer",
      summary: "Read a customer",
      description: "The customer, active or deactivated, with its `ETag`.",
      tags: ["Customers"],
      security: [...readers],
      responses: { 200: one, 404: "`customer_not_found`" },
    }),
    requireScope([...readers]),
    validate("param", CustomerParamSchema),
    async (c) => {
      const customer = await Customer.mustGet(c.req.valid("param").id);
      return withEtag(c, CustomerOutput, customer, customer);
    },
  )
  .patch(
    "/:id",
    describe({
      operationId: "updateCustomer",
      summary: "Edit a customer",
      description:
        "A partial body: only the fields sent change; `null` clears an optional one. A new `email` moves the customer's address (409 when another customer has it). A new `repId` gives the customer to another active rep from now on: invitations already sent and their responses keep crediting the rep they were sent for. `active: false` deactivates (as DELETE), `active: true` reactivates. Send the `ETag` you read as `If-Match`: a customer changed since is 412 and nothing is written. Without `If-Match` the edit applies to the current version (409 if another edit crosses it). Audited.",
      tags: ["Customers"],
      security: [...writers],
      headers: IfMatchHeaderSchema,
      responses: {
        200: one,
        400: "Invalid input (`error.fields` names each field), or an unknown rep",
        404: "`customer_not_found`",
        409: "`duplicate_email`: another customer has the email; `concurrent_update`: another change crossed this one, try again",
        412: "`precondition_failed`: `If-Match` names another version than the stored one",
        422: "`rep_inactive`: the rep is deactivated",
      },
    }),
    requireScope([...writers]),
    validate("param", CustomerParamSchema),
    validate("json", CustomerPatchSchema),
    async (c) => {
      const customer = await patch(c.req.valid("param").id, c.req.valid("json"), c.get("actor"), ifMatch(c));
      return withEtag(c, CustomerOutput, customer, customer);
    },
  )
  .delete(
    "/:id",
    describe({
      operationId: "deactivateCustomer",
      summary: "Deactivate a customer",
      description:
        "The customer gets no email of any kind (invitations, reminders, campaigns, onboarding, lost-deal cards, the verdict and check-in questions) until reactivated; their history stays. Idempotent: the answer is the deactivated customer. `PATCH {\"active\": true}` reactivates.",
      tags: ["Customers"],
      security: [...writers],
      responses: { 200: { ...one, description: "The deactivated customer" }, 404: "`customer_not_found`" },
    }),
    requireScope([...writers]),
    validate("param", CustomerParamSchema),
    async (c) => {
      const customer = await deactivate(c.req.valid("param").id, c.get("actor"));
      return withEtag(c, CustomerOutput, customer, customer);
    },
  );
