/** What a CRM's deal event is (the two bodies it posts and the answer it gets) and the record that makes a deal's event count once. */
import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { EmailSchema, NameSchema, OTHER_CONTROL_CHARACTERS, ShortTextSchema } from "../fields.ts";
import { Rep } from "../rep/index.ts";
import { dealKeys } from "./keys.ts";

/** How far in the future an event's time may be (the CRM's clock and ours disagree a little). */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** How old an event may be: a card about a deal lost (or won) months ago asks about a memory, not an experience. */
const MAX_EVENT_AGE_DAYS = 90;

export const dealEvents = ["deal-lost", "deal-won"] as const;
export type DealKind = "lost" | "won";

const noControl = (what: string) => v.check((s: string) => !OTHER_CONTROL_CHARACTERS.test(s), `must not contain control characters (${what})`);

const DealIdSchema = v.pipe(
  v.string("must be text"),
  v.trim(),
  v.nonEmpty("is required"),
  v.maxLength(128, "must be at most 128 characters"),
  noControl("direction marks, NUL"),
  v.description("The deal's id in the CRM. A second event of the same kind for the same deal sends nothing again."),
);

const EventTimeSchema = (what: string) =>
  v.pipe(
    v.string("must be a timestamp"),
    v.isoTimestamp("must be an ISO 8601 timestamp with its offset, such as 2026-11-20T16:30:00+01:00"),
    v.check((value) => !Number.isNaN(new Date(value).getTime()), "must be a real instant"),
    v.check((value) => new Date(value).getTime() <= now().getTime() + CLOCK_SKEW_MS, "must not be in the future"),
    v.transform((value) => new Date(value).toISOString()),
    v.description(what),
  );

/** The contact the event is about: a customer, or a lost deal's contact who may not be one. */
const ContactSchema = v.strictObject({ email: EmailSchema, name: NameSchema, company: v.optional(ShortTextSchema) });

const RepEmailSchema = v.pipe(EmailSchema, v.description("The rep who worked the deal: an active rep of Rapport (422 otherwise)."));

export const DealLostSchema = v.strictObject({
  customer: ContactSchema,
  repEmail: RepEmailSchema,
  dealId: DealIdSchema,
  lostAt: EventTimeSchema("When the deal was lost (at most 5 minutes ahead of Rapport's clock; more than 90 days ago is 422 event_too_old)."),
  reason: v.optional(
    v.pipe(v.string("must be text"), v.trim(), v.maxLength(500, "must be at most 500 characters"), noControl("direction marks, NUL"), v.description("The CRM's loss reason; stored with the deal, never shown to the customer.")),
  ),
});
export type DealLostInput = v.InferOutput<typeof DealLostSchema>;

export const DealWonSchema = v.strictObject({
  customer: ContactSchema,
  repEmail: RepEmailSchema,
  dealId: DealIdSchema,
  wonAt: EventTimeSchema("When the deal was won (at most 5 minutes ahead of Rapport's clock; more than 90 days ago is 422 event_too_old)."),
});
export type DealWonInput = v.InferOutput<typeof DealWonSchema>;

export const dealStatuses = ["sent", "queued", "suppressed", "duplicate", "capped"] as const;

/** What a deal event answers (202): what it set in motion for whom. */
export const DealEventResultSchema = v.object({
  event: v.picklist(dealEvents),
  dealId: v.string(),
  customerId: v.pipe(v.string(), v.description("The customer (or, after a lost deal, the prospect) the event is about.")),
  invitationId: v.optional(v.pipe(v.string(), v.description("The form sent: a lost-deal card, or the onboarding form. Absent when nothing was sent."))),
  status: v.pipe(
    v.picklist(dealStatuses),
    v.description(
      "sent: the email went to SES; queued: SES refused it for now and the scheduled job retries it; suppressed: the address is on the suppression list, nothing was sent; duplicate: an earlier event for this deal already did this, nothing was sent again; capped: the deal is recorded, but the contact got a lost-deal card in the last 60 days, so nothing was sent (one card per contact per 60 days).",
    ),
  ),
});
export type DealEventResult = v.InferOutput<typeof DealEventResultSchema>;

/** The stored record of a deal's event, written with the form it sends. */
export interface DealRecord {
  kind: DealKind;
  dealId: string;
  /** The rep the form credits: the deal's rep for a lost deal; for a won deal, the customer's own rep. */
  repId: string;
  customerId: string;
  invitationId?: string;
  /** When the CRM says it happened (lostAt, wonAt). */
  eventAt: string;
  reason?: string;
  /** A lost deal whose contact had a lost-deal card in the last 60 days: recorded, nothing sent. */
  capped?: boolean;
  createdAt: string;
}

/** The record of a deal's event of this kind, if one was recorded. */
export async function dealOf(kind: DealKind, dealId: string): Promise<DealRecord | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: dealKeys.deal(kind, dealId), ConsistentRead: true }));
  return result.Item as DealRecord | undefined;
}

/** The answer to a second event for a deal: what the first one did, and that nothing was sent again. */
export function duplicateOf(record: DealRecord): DealEventResult {
  return {
    event: record.kind === "lost" ? "deal-lost" : "deal-won",
    dealId: record.dealId,
    customerId: record.customerId,
    ...(record.invitationId ? { invitationId: record.invitationId } : {}),
    status: "duplicate",
  };
}

/** A 422 naming `field` when the event happened more than 90 days ago (the schema already refused the future). */
export function mustBeRecent(field: "lostAt" | "wonAt", at: string): void {
  if (new Date(at).getTime() >= now().getTime() - MAX_EVENT_AGE_DAYS * 86_400_000) return;
  throw new VisibleError("unprocessable", "event_too_old", `${field} is more than ${MAX_EVENT_AGE_DAYS} days ago; Rapport sends no form about it.`, {
    [field]: `must be within the last ${MAX_EVENT_AGE_DAYS} days`,
  });
}

/** The active rep with this email, or a 422 naming `repEmail`. */
export async function activeRep(email: string): Promise<Rep> {
  const rep = await Rep.fromEmail(email);
  if (!rep || !rep.active) {
    throw new VisibleError("unprocessable", "unknown_rep", `No active rep has the email ${email}.`, { repEmail: "no active rep has this email" });
  }
  return rep;
}
