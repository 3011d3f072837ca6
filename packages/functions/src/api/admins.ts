import { Hono } from "hono";
import * as v from "valibot";
import { Admin, AdminRecordSchema, AdminSchema } from "@rapport/core/admin/index";
import { EmailSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

component("AdminInput", AdminSchema, { email: "sam.lee@example.com", name: "Sam Lee" });
const AdminOutput = component("Admin", AdminRecordSchema, { email: "sam.lee@example.com", name: "Sam Lee", source: "api", createdAt: "2026-11-02T09:15:00.000Z" });
const AdminList = component("AdminList", v.object({ items: v.array(AdminRecordSchema) }), {
  items: [{ email: "owner@example.com", source: "setting" }, { email: "sam.lee@example.com", name: "Sam Lee", source: "api", createdAt: "2026-11-02T09:15:00.000Z" }],
});

export const admins = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "addAdmin",
      summary: "Name a person an admin (they sign in to /admin by magic link)",
      description: "Audited. The person signs in at /auth/login like a rep and gets the admin console at /admin; they need not be a rep. 409 `already_admin` when they already are one (by this route or by the ADMIN_EMAILS setting).",
      tags: ["Admins"],
      security: ["admin"],
      responses: { 201: { description: "The admin", schema: AdminOutput }, 409: "Already an admin" },
    }),
    requireScope("admin"),
    validate("json", AdminSchema),
    async (c) => c.json(shaped(AdminOutput, await Admin.add(c.req.valid("json"), c.get("actor"))), 201),
  )
  .get(
    "/",
    describe({
      operationId: "listAdmins",
      summary: "Every admin: by the ADMIN_EMAILS setting, then those added here",
      description: "`source` says where each comes from; an admin of the setting is removed only by changing the setting.",
      tags: ["Admins"],
      security: ["admin"],
      responses: { 200: { description: "The admins", schema: AdminList } },
    }),
    requireScope("admin"),
    async (c) => c.json(shaped(AdminList, { items: await Admin.list() })),
  )
  .delete(
    "/:email",
    describe({
      operationId: "removeAdmin",
      summary: "Stop a person being an admin",
      description: "Audited; their session loses the admin console at its next request. An admin of the ADMIN_EMAILS setting is 409 `admin_from_setting`: change the setting instead.",
      tags: ["Admins"],
      security: ["admin"],
      responses: { 204: "Removed", 404: "Not an admin", 409: "An admin of the ADMIN_EMAILS setting" },
    }),
    requireScope("admin"),
    validate("param", v.object({ email: EmailSchema })),
    async (c) => {
      await Admin.remove(c.req.valid("param").email, c.get("actor"));
      return c.body(null, 204);
    },
  );
