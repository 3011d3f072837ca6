/** What an invitation is, its token and key, and how one is found by its link or its id. */
import * as v from "valibot";
import { createHash, createHmac } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, strip, tableName } from "../db/index.ts";
import { config } from "../config.ts";
import { VisibleError } from "../error.ts";
import { IdSchema } from "../fields.ts";
import type { Behaviour } from "../survey/index.ts";
import { invitationKeys } from "./keys.ts";

/** What an invitation asks: the onboarding form, a report card, or a lost deal's card (sent only by `POST /v1/events/deal-lost`). */
export const kinds = ["onboarding", "report-card", "lost-deal"] as const;
export type InvitationKind = (typeof kinds)[number];
/** The kinds an admin sends one at a time (`POST /v1/invitations`). */
export const sendableKinds = ["onboarding", "report-card"] as const;
export const statuses = ["queued", "sent", "opened", "answered", "bounced", "expired", "suppressed"] as const;
export type InvitationStatus = (typeof statuses)[number];

export const InvitationSchema = v.strictObject({
  customerId: IdSchema("cus"),
  kind: v.picklist(sendableKinds, "must be onboarding or report-card"),
});
export type InvitationInput = v.InferOutput<typeof InvitationSchema>;

/** An invitation expires this long after it is created. */
export const EXPIRY_DAYS = 30;
/** The one reminder goes out this long after the invitation was sent, if it is still unanswered. */
export const REMINDER_DAYS = 3;
/** A customer gets at most one report card in this many days. */
export const REPORT_CARD_GAP_DAYS = 60;

/** One form sent to one customer: who it credits, what it asks, where its emails stand and the answers. */
export interface Invitation {
  id: string;
  kind: InvitationKind;
  status: InvitationStatus;
  customerId: string;
  customerName: string;
  email: string;
  /** The customer's language (a BCP 47 tag) when the invitation was made: its emails are written in it. */
  language?: string;
  /** Frozen at send time: this rep gets the credit even if the account moves later. */
  repId: string;
  repName: string;
  /** The rep's address, frozen at send time like the name (the `self_domain` bias flag reads its domain). */
  repEmail?: string;
  surveyVersion: string;
  /** The behaviours asked about, frozen at send time (report cards and lost-deal cards). */
  behaviours?: Behaviour[];
  campaignId?: string;
  createdAt: string;
  expiresAt: string;
  sendAttempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  messageId?: string;
  sentAt?: string;
  reminderSentAt?: string;
  openedAt?: string;
  answeredAt?: string;
  revisedAt?: string;
  revision?: number;
  /** The period the answers were counted in (report cards). */
  period?: string;
  /** The period whose `invited` count this report card is in: the period it was sent in (product.md, "Response rate"). */
  invitedIn?: string;
  answers?: Record<string, unknown>;
  dueAction?: "send" | "remind" | "expire";
  /**
   * A lost-deal card sent while the plan counted lost-deal cards toward scores: it counts toward its rep's
   * `invited` like a report card, and its answer counts toward scores and `answered` (`countedAs`): decided once, at the send.
   */
  invitedCounts?: boolean;
  /** How a lost-deal card's answer was counted: `invitedCounts` at its first submission (the plan when it was sent); revisions follow it. */
  countedAs?: "coaching" | "counted";
  /** The recovery case this report card opened, if it was poor. */
  recoveryId?: string;
  /** Set when an admin took an abusive report card out of the scores. */
  voidedAt?: string;
  voidReason?: string;
}

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The survey token of an invitation: an HMAC of its id, so reminders and retries can rebuild it; only its hash is stored. */
export function tokenOf(id: string): string {
  return createHmac("sha256", config().tokenSecret).update(`survey:${id}`).digest("base64url");
}

/** The storage key of an invitation, from its id (through its token's hash). */
export function keyOf(id: string) {
  return invitationKeys.invitation(sha256(tokenOf(id)));
}

/** An invitation as stored, without the token hash and the send lease. */
export function toInvitation(item: Record<string, unknown>): Invitation {
  return strip(item, "tokenHash", "leaseUntil") as unknown as Invitation;
}

/** What the API shows of an invitation: where its email stands, never the answers or internals. */
export const InvitationViewSchema = v.object({
  id: v.string(),
  kind: v.picklist(kinds),
  status: v.picklist(statuses),
  customerId: v.string(),
  repId: v.pipe(v.string(), v.description("The rep credited, frozen when the invitation was sent.")),
  surveyVersion: v.string(),
  createdAt: v.string(),
  expiresAt: v.string(),
  sentAt: v.optional(v.string()),
  messageId: v.optional(v.string()),
  reminderSentAt: v.optional(v.string()),
  openedAt: v.optional(v.string()),
  answeredAt: v.optional(v.string()),
  campaignId: v.optional(v.string()),
  voidedAt: v.optional(v.string()),
  voidReason: v.optional(v.string()),
  sendAttempts: v.optional(v.pipe(v.number(), v.description("While queued: how many sends were tried."))),
  lastError: v.optional(v.pipe(v.string(), v.description("While queued: why the last send failed."))),
});
export type InvitationView = v.InferOutput<typeof InvitationViewSchema>;

/** A report card taken out of the scores: which, the period whose numbers it left, and when. */
export const VoidedReportCardSchema = v.object({ invitationId: v.string(), period: v.string(), voidedAt: v.string() });
export type VoidedReportCard = v.InferOutput<typeof VoidedReportCardSchema>;

/** What the API shows of an invitation (no answers, no internals). */
export function publicView(inv: Invitation): InvitationView {
  return {
    id: inv.id,
    kind: inv.kind,
    status: inv.status,
    customerId: inv.customerId,
    repId: inv.repId,
    surveyVersion: inv.surveyVersion,
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
    ...(inv.sentAt ? { sentAt: inv.sentAt } : {}),
    ...(inv.messageId ? { messageId: inv.messageId } : {}),
    ...(inv.reminderSentAt ? { reminderSentAt: inv.reminderSentAt } : {}),
    ...(inv.openedAt ? { openedAt: inv.openedAt } : {}),
    ...(inv.answeredAt ? { answeredAt: inv.answeredAt } : {}),
    ...(inv.campaignId ? { campaignId: inv.campaignId } : {}),
    ...(inv.voidedAt ? { voidedAt: inv.voidedAt, voidReason: inv.voidReason } : {}),
    ...(inv.status === "queued" ? { sendAttempts: inv.sendAttempts, ...(inv.lastError ? { lastError: inv.lastError } : {}) } : {}),
  };
}

/** The invitation a survey token opens, or undefined for an unknown or tampered token. */
export async function fromToken(token: string): Promise<Invitation | undefined> {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(token)) return undefined;
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKeys.invitation(sha256(token)), ConsistentRead: true }));
  return result.Item ? toInvitation(result.Item) : undefined;
}

/** The invitation with this id, or a 404. */
export async function mustGet(id: string): Promise<Invitation> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: keyOf(id), ConsistentRead: true }));
  if (!result.Item) throw new VisibleError("not-found", "invitation_not_found", `No invitation has the id ${id}.`);
  return toInvitation(result.Item);
}
