import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryAll, tableName, transact } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { EmailSchema, NameSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { adminKeys } from "./keys.ts";

export const AdminSchema = v.strictObject({ email: EmailSchema, name: NameSchema });
export type AdminInput = v.InferOutput<typeof AdminSchema>;

/** An admin as listed: named by the ADMIN_EMAILS setting (`setting`, no name or date) or through the API. */
export const AdminRecordSchema = v.object({
  email: v.string(),
  name: v.optional(v.string()),
  source: v.pipe(v.picklist(["setting", "api"]), v.description("`setting`: named by ADMIN_EMAILS, removable only there; `api`: added by POST /v1/admins.")),
  createdAt: v.optional(v.string()),
});
export type Admin = v.InferOutput<typeof AdminRecordSchema>;

/** The admin stored for an address, read whether or not the address is in the setting, so a sign-in does the same read for everyone. */
async function stored(address: string): Promise<Admin | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: adminKeys.admin(address) }));
  const item = result.Item;
  return item ? { email: item.email as string, name: item.name as string, source: "api", createdAt: item.createdAt as string } : undefined;
}

/**
 * Whether an address is an admin, and their name when the API named them: always one read of the address's
 * admin record (the setting is checked after it), so the work does not depend on the answer.
 */
export async function lookup(email: string): Promise<Admin | undefined> {
  const address = email.toLowerCase();
  const record = await stored(address);
  if (record) return record;
  return config().adminEmails.includes(address) ? { email: address, source: "setting" } : undefined;
}

/** Names a person an admin (audited); 409 when they already are one, by the API or by the setting. */
export async function add(input: AdminInput, actor: Actor): Promise<Admin> {
  if (config().adminEmails.includes(input.email)) throw new VisibleError("conflict", "already_admin", `${input.email} is already an admin (ADMIN_EMAILS).`, { email: "is already an admin" });
  const admin: Admin = { email: input.email, name: input.name, source: "api", createdAt: now().toISOString() };
  await transact(
    [
      {
        Put: {
          TableName: tableName(),
          Item: { ...adminKeys.admin(admin.email), ...adminKeys.list(admin.email), type: "admin", email: admin.email, name: admin.name, createdAt: admin.createdAt },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      Audit.record(actor, "admin.add", admin.email, { name: admin.name }),
    ],
    () => {
      throw new VisibleError("conflict", "already_admin", `${input.email} is already an admin.`, { email: "is already an admin" });
    },
  );
  return admin;
}

/** Every admin: those of the setting, then those named through the API, by address. */
export async function list(): Promise<Admin[]> {
  const items = await queryAll<Record<string, string>>({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": adminKeys.listPartition } });
  const fromSetting = config().adminEmails;
  return [
    ...fromSetting.map((email): Admin => ({ email, source: "setting" })),
    ...items.filter((i) => !fromSetting.includes(i.email!)).map((i): Admin => ({ email: i.email!, name: i.name!, source: "api", createdAt: i.createdAt! })),
  ];
}

/**
 * Stops a person being an admin (audited); their sessions lose the admin pages at their next request.
 * An admin of the ADMIN_EMAILS setting is 409 `admin_from_setting` (change the setting instead); nobody else is 404.
 */
export async function remove(email: string, actor: Actor): Promise<void> {
  const address = email.toLowerCase();
  if (config().adminEmails.includes(address)) {
    throw new VisibleError("conflict", "admin_from_setting", `${address} is an admin by the ADMIN_EMAILS setting; remove them there.`);
  }
  await transact(
    [
      { Delete: { TableName: tableName(), Key: adminKeys.admin(address), ConditionExpression: "attribute_exists(pk)" } },
      Audit.record(actor, "admin.remove", address),
    ],
    () => {
      throw new VisibleError("not-found", "admin_not_found", `${address} is not an admin.`);
    },
  );
}

export const Admin = { add, list, lookup, remove };
