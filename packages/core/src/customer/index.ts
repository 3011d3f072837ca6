import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryPage, strip, tableName, transact, type CancelReasons } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { createId } from "../id.ts";
import { VisibleError } from "../error.ts";
import { EmailSchema, IdSchema, LanguageTagSchema, NameSchema, ShortTextSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { repKeys } from "../rep/keys.ts";
import { OnboardingAnswersSchema } from "../survey/onboarding-answers.ts";
import { atVersion, versionOf } from "../version.ts";
import { customerKeys } from "./keys.ts";
import { ValueTierSchema } from "./tier.ts";

export { ValueTierSchema };

export const CustomerSchema = v.strictObject({
  name: NameSchema,
  email: EmailSchema,
  company: v.optional(ShortTextSchema),
  repId: IdSchema("rep"),
  segment: v.optional(ShortTextSchema),
  valueTier: v.optional(ValueTierSchema),
  language: v.optional(LanguageTagSchema),
});
export type CustomerInput = v.InferOutput<typeof CustomerSchema>;

/** A customer as stored and served: what the admin gave, the server's id and times, and what the customer told us since. */
export const CustomerRecordSchema = v.object({
  id: v.string(),
  ...CustomerSchema.entries,
  active: v.optional(v.pipe(v.boolean(), v.description("false once deactivated: the customer gets no email of any kind until reactivated. Always present in answers."))),
  deactivatedAt: v.optional(v.string()),
  erasedAt: v.optional(v.pipe(v.string(), v.description("When the customer's identity and free text were erased on request (POST /v1/customers/{id}/erase): an erased customer is never emailed and cannot be edited."))),
  version: v.optional(v.pipe(v.number(), v.description("One more at every edit by an admin or an import; the ETag is `\"v<version>\"` (absent on customers created before versions: version 0)."))),
  createdAt: v.string(),
  updatedAt: v.string(),
  lastReportCardAt: v.optional(v.pipe(v.string(), v.description("When the last report card was sent: at most one every 60 days."))),
  preferences: v.optional(
    v.pipe(
      v.object({ ...OnboardingAnswersSchema.entries, interests: v.optional(v.array(v.string())), updatedAt: v.string(), invitationId: v.string() }),
      v.description("The customer's latest onboarding answers: how and when they want to be reached."),
    ),
  ),
  preferencesAt: v.optional(v.string()),
  aboutMe: v.optional(v.pipe(v.string(), v.description("What the customer chose to share about themselves on a report card (consented)."))),
  aboutMeAt: v.optional(v.string()),
  aboutMeInvitationId: v.optional(v.string()),
  profileAt: v.optional(v.pipe(v.nullable(v.string()), v.description("When the newest entry of the customer's profile (something they shared, a rep's note) was made; null when none is left."))),
  consentWithdrawnAt: v.optional(v.pipe(v.string(), v.description("When the customer withdrew their consent: their profile was emptied and their recovery cases made anonymous."))),
  stage: v.optional(
    v.pipe(
      v.picklist(["prospect"]),
      v.description("`prospect`: the contact of a lost deal, not a customer. Campaigns, report cards and the onboarding form never reach a prospect; a won deal makes them a customer. Absent for customers."),
    ),
  ),
});
export type Customer = v.InferOutput<typeof CustomerRecordSchema>;

export function item(customer: Customer) {
  return {
    ...customerKeys.customer(customer.id),
    ...(customer.stage === "prospect" ? customerKeys.prospectByRep : customerKeys.byRep)(customer.repId, customer.name, customer.id),
    type: "customer",
    ...customer,
  };
}

export function toCustomer(raw: Record<string, unknown>): Customer {
  return { ...(strip(raw) as unknown as Customer), active: raw.active !== false };
}

/** The owner must be a rep, and an active one: a deactivated rep takes no new customers (ALL_OLD tells the two apart). */
export const repMustExist = (repId: string) => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: repKeys.rep(repId),
    ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(active) OR active = :active)",
    ExpressionAttributeValues: { ":active": true },
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  },
});

function explain(input: CustomerInput, reasons: CancelReasons, repIndex: number, lockIndex?: number, details: { Item?: unknown }[] = []): never {
  if (reasons[repIndex] === "ConditionalCheckFailed") {
    if (details[repIndex]?.Item) throw new VisibleError("unprocessable", "rep_inactive", `The rep ${input.repId} is deactivated.`, { repId: "is a deactivated rep" });
    throw new VisibleError("input", "unknown_rep", `No rep has the id ${input.repId}.`, { repId: "no rep has this id" });
  }
  if (lockIndex !== undefined && reasons[lockIndex] === "ConditionalCheckFailed") {
    throw new VisibleError("conflict", "duplicate_email", `A customer with the email ${input.email} already exists.`, {
      email: "is already used by another customer",
    });
  }
  throw new VisibleError("conflict", "concurrent_update", "The customer changed while it was being saved; try again.");
}

/**
 * Creates a customer owned by an existing rep (or, with `stage: "prospect"`, a lost deal's contact); 409 on a
 * duplicate email. One transaction with its audit entry.
 */
export async function create(input: CustomerInput, actor: Actor, options: { stage?: "prospect" } = {}): Promise<Customer> {
  const at = now().toISOString();
  const customer: Customer = { id: createId("customer"), ...input, ...(options.stage ? { stage: options.stage } : {}), active: true, version: 1, createdAt: at, updatedAt: at };
  await transact(
    [
      repMustExist(input.repId),
      { Put: { TableName: tableName(), Item: item(customer), ConditionExpression: "attribute_not_exists(pk)" } },
      {
        Put: {
          TableName: tableName(),
          Item: { ...customerKeys.email(customer.email), type: "customer-email", customerId: customer.id },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      Audit.record(actor, "customer.create", customer.id, { after: customer }),
    ],
    (reasons, details) => explain(input, reasons, 0, 2, details),
  );
  return customer;
}

/** The customer with this id, or undefined. */
export async function get(id: string): Promise<Customer | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: customerKeys.customer(id) }));
  return result.Item ? toCustomer(result.Item) : undefined;
}

/** The customer with this id, or a 404. */
export async function mustGet(id: string): Promise<Customer> {
  const customer = await get(id);
  if (!customer) throw new VisibleError("not-found", "customer_not_found", `No customer has the id ${id}.`);
  return customer;
}

/** The customer with this (normalised) email, or undefined. */
export async function fromEmail(email: string): Promise<Customer | undefined> {
  const lock = await db().send(new GetCommand({ TableName: tableName(), Key: customerKeys.email(email.toLowerCase()) }));
  const id = lock.Item?.customerId as string | undefined;
  return id ? get(id) : undefined;
}

const SAME_FIELDS = ["name", "company", "repId", "segment", "valueTier"] as const;

/** Creates the customer, or updates the one with the same email (the import's idempotent upsert). */
export async function upsertByEmail(
  input: CustomerInput,
  actor: Actor,
): Promise<{ customer: Customer; outcome: "created" | "updated" | "unchanged" }> {
  const existing = await fromEmail(input.email);
  if (!existing) return { customer: await create(input, actor), outcome: "created" };
  // An imported customer is a customer: a prospect of the same address becomes one.
  const { stage: _stage, ...next }: Customer = { ...existing };
  for (const field of SAME_FIELDS) {
    if (input[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = input[field];
  }
  if (!existing.stage && SAME_FIELDS.every((field) => next[field] === existing[field])) return { customer: existing, outcome: "unchanged" };
  next.updatedAt = now().toISOString();
  next.version = versionOf(existing) + 1;
  await transact(
    [
      repMustExist(next.repId),
      { Put: { TableName: tableName(), Item: item(next), ...atVersion(existing) } },
      Audit.record(actor, "customer.update", next.id, { before: existing, after: next }),
    ],
    (reasons, details) => explain(input, reasons, 0, undefined, details),
  );
  return { customer: next, outcome: "updated" };
}

/**
 * Makes a prospect a customer of `repId` (a won deal): it joins the rep's customers, and what reaches
 * customers reaches it from now on. Answers the customer; one that is a customer already is left as it is.
 */
export async function promote(prospect: Customer, repId: string, actor: Actor): Promise<Customer> {
  if (prospect.stage !== "prospect") return prospect;
  const { stage: _stage, ...rest } = prospect;
  const next: Customer = { ...rest, repId, version: versionOf(prospect) + 1, updatedAt: now().toISOString() };
  const moved = await transact(
    [
      repMustExist(repId),
      {
        Put: {
          TableName: tableName(),
          Item: item(next),
          ConditionExpression: "#stage = :prospect AND updatedAt = :seen",
          ExpressionAttributeNames: { "#stage": "stage" },
          ExpressionAttributeValues: { ":prospect": "prospect", ":seen": prospect.updatedAt },
        },
      },
      Audit.record(actor, "customer.promote", next.id, { repId, previousRepId: prospect.repId }),
    ],
    () => {
      throw new Promoted();
    },
  ).then(
    () => true,
    (error: unknown) => {
      if (error instanceof Promoted) return false;
      throw error;
    },
  );
  // Promoted (or changed) by a concurrent request: answer the record as it is now.
  return moved ? next : mustGet(prospect.id);
}

class Promoted extends Error {}

/** The time zone a customer reads times in: the one from their onboarding answers, else the organization's. */
export function zoneOf(customer: Pick<Customer, "preferences"> | undefined): string {
  return customer?.preferences?.timezone || config().timezone;
}

export const Customer = { create, get, mustGet, fromEmail, upsertByEmail, promote, zoneOf };
