/** Editing a customer: a partial change, deactivation (no email of any kind) and reactivation. */
import * as v from "valibot";
import { tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { EmailSchema, IdSchema, LanguageTagSchema, NameSchema, ShortTextSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { Rep } from "../rep/index.ts";
import { Suppression } from "../suppression/index.ts";
import { atVersion, checkIfMatch, crossed, versionOf } from "../version.ts";
import { item, mustGet, ValueTierSchema, type Customer } from "./index.ts";
import { customerKeys } from "./keys.ts";

const cleared = (description: string) => v.pipe(v.null_(), v.description(description));

export const CustomerPatchSchema = v.strictObject({
  name: v.optional(NameSchema),
  email: v.optional(v.pipe(EmailSchema, v.description("A new address: 409 when another customer has it."))),
  company: v.optional(v.union([ShortTextSchema, cleared("null: no company.")], "must be a text or null")),
  repId: v.optional(
    v.pipe(IdSchema("rep"), v.description("Another (active) rep owns the customer from now on. Past invitations and responses keep crediting the rep they were sent for.")),
  ),
  segment: v.optional(v.union([ShortTextSchema, cleared("null: no segment.")], "must be a text or null")),
  valueTier: v.optional(v.union([ValueTierSchema, cleared("null: no value tier.")], "must be A, B, C or null")),
  language: v.optional(
    v.union([v.pipe(LanguageTagSchema, v.description("The language the customer reads their forms and emails in (a BCP 47 tag such as fr-CA).")), cleared("null: the customer's browser, else the organization's language.")], "must be a language tag such as fr-CA, or null"),
  ),
  active: v.optional(v.pipe(v.boolean("must be true or false"), v.description("false deactivates the customer (as DELETE does), true reactivates them."))),
});
export type CustomerPatch = v.InferOutput<typeof CustomerPatchSchema>;

const EDITABLE = ["name", "email", "company", "repId", "segment", "valueTier", "language", "active"] as const;
type Editable = (typeof EDITABLE)[number];

/**
 * Applies a partial edit to a customer in one transaction with its email lock, its suppression while it is
 * deactivated, and the audit entry. Only the edited attributes are written (what the customer told us
 * since, written by other paths, is never overwritten). 412 on a stale If-Match; without one, 409 if another
 * edit crossed this one; 409 on an email another customer has; 422 for a deactivated rep.
 */
export async function patch(id: string, changes: CustomerPatch, actor: Actor, ifMatch?: number[]): Promise<Customer> {
  const before = await mustGet(id);
  if (before.erasedAt) throw new VisibleError("conflict", "customer_erased", `The customer ${id} was erased on request; it cannot be edited.`);
  checkIfMatch(before, ifMatch, "customer");
  const after: Customer = { ...before };
  for (const field of EDITABLE) {
    const value = changes[field];
    if (value === null) delete after[field as "company"];
    else if (value !== undefined) (after as Record<string, unknown>)[field] = value;
  }
  const changed = EDITABLE.filter((f) => after[f] !== before[f]);
  if (!changed.length) return before;
  if (changed.includes("repId")) {
    const rep = await Rep.get(after.repId);
    if (!rep) throw new VisibleError("input", "unknown_rep", `No rep has the id ${after.repId}.`, { repId: "no rep has this id" });
    if (!rep.active) throw new VisibleError("unprocessable", "rep_inactive", `The rep ${rep.id} is deactivated.`, { repId: "is a deactivated rep" });
  }
  after.version = versionOf(before) + 1;
  after.updatedAt = now().toISOString();
  if (before.active && !after.active) after.deactivatedAt = after.updatedAt;
  if (!before.active && after.active) delete after.deactivatedAt;
  const items: TransactItem[] = [
    recordUpdate(before, after, changed),
    ...emailItems(before, after),
    ...(await suppressionItems(before, after)),
    Audit.record(actor, before.active === after.active ? "customer.update" : after.active ? "customer.reactivate" : "customer.deactivate", id, { changed, before, after }),
  ];
  await transact(items, (reasons) => {
    if (reasons[0] === "ConditionalCheckFailed") crossed("customer", ifMatch);
    if (after.email !== before.email && reasons[2] === "ConditionalCheckFailed") {
      throw new VisibleError("conflict", "duplicate_email", `A customer with the email ${after.email} already exists.`, { email: "is already used by another customer" });
    }
    throw new VisibleError("conflict", "concurrent_update", "The customer's suppression changed while it was being saved; try again.");
  });
  return after;
}

/** The Update of the edited attributes, its list keys, version and time, conditional on the version read. */
function recordUpdate(before: Customer, after: Customer, changed: Editable[]): TransactItem {
  const keys = item(after);
  const set: Record<string, unknown> = { gsi1pk: keys.gsi1pk, gsi1sk: keys.gsi1sk, version: after.version, updatedAt: after.updatedAt };
  const remove: string[] = [];
  for (const field of [...changed, "deactivatedAt"] as const) {
    const value = (after as Record<string, unknown>)[field];
    if (value === undefined) {
      if ((before as Record<string, unknown>)[field] !== undefined) remove.push(field);
    } else set[field] = value;
  }
  const condition = atVersion(before);
  const names: Record<string, string> = { ...condition.ExpressionAttributeNames };
  const values: Record<string, unknown> = { ...condition.ExpressionAttributeValues };
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = remove.map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  return {
    Update: {
      TableName: tableName(),
      Key: customerKeys.customer(before.id),
      UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
      ConditionExpression: condition.ConditionExpression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The writes that move the customer's email lock to a new address (the new one must be free). */
function emailItems(before: Customer, after: Customer): TransactItem[] {
  if (after.email === before.email) return [];
  return [
    { Delete: { TableName: tableName(), Key: customerKeys.email(before.email), ConditionExpression: "customerId = :id", ExpressionAttributeValues: { ":id": before.id } } },
    { Put: { TableName: tableName(), Item: { ...customerKeys.email(after.email), type: "customer-email", customerId: after.id }, ConditionExpression: "attribute_not_exists(pk)" } },
  ];
}

/**
 * A deactivated customer's address is suppressed for the reason `deactivated`, which every email to a
 * customer honours; reactivating (or a new address) lifts it from the old address, and only that reason.
 */
async function suppressionItems(before: Customer, after: Customer): Promise<TransactItem[]> {
  const released = !before.active && (after.active || after.email !== before.email) ? await Suppression.releaseItems(before.email) : [];
  const held = !after.active && (before.active || after.email !== before.email) ? [Suppression.holdItem(after.email)] : [];
  return [...released, ...held];
}

/** Deactivates a customer (DELETE): no email of any kind reaches them; their history stays. Idempotent. */
export async function deactivate(id: string, actor: Actor): Promise<Customer> {
  return patch(id, { active: false }, actor);
}
