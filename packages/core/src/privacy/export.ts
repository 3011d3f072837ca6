/**
 * A customer's data on request (`GET /v1/customers/{id}/export`): everything Rapport stores about them,
 * as JSON, grouped by what it is. Read only; the storage keys and internal bookkeeping are left out.
 */
import * as v from "valibot";
import { strip } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { AuditEntrySchema, entryOf, type AuditEntry } from "../audit/entry.ts";
import { CustomerRecordSchema } from "../customer/index.ts";
import { FlagSchema } from "../flag/record.ts";
import { FollowUpRecordSchema } from "../followup/record.ts";
import { footprintOf, type Item } from "./footprint.ts";

/** Stored records of a kind with no schema of its own, as stored. (Those with one, below, are typed by it and open to any other stored field.) */
const Items = (what: string) => v.pipe(v.array(v.record(v.string(), v.unknown())), v.description(what));

export const CustomerExportSchema = v.object({
  exportedAt: v.string(),
  customer: v.pipe(v.looseObject(CustomerRecordSchema.entries), v.description("The customer record: identity, rep, tier, the latest onboarding preferences and what they shared.")),
  onboardingAnswers: Items("Every version of their onboarding preferences form."),
  profile: v.object({
    shared: Items("What they chose to share (interests, personal interests, \"about me\"), each with its form and date."),
    notes: Items("Notes reps and admins wrote about them."),
  }),
  invitations: Items("Every form sent to them: kind, status, when sent, opened and answered, and their answers."),
  responses: Items("Their counted report cards and lost-deal cards: ratings and their own free text."),
  followUps: v.pipe(
    v.array(v.looseObject(v.omit(FollowUpRecordSchema, ["dueAction"]).entries)),
    v.description("Recovery cases (their cards' and their concerns', named or anonymous), check-ins and the recurring touch, with verdicts and their answers."),
  ),
  flags: v.pipe(v.array(v.looseObject(FlagSchema.entries)), v.description("Bias flags on their responses.")),
  deals: Items("CRM deal events about them."),
  campaigns: v.pipe(v.array(v.object({ campaignId: v.string(), batch: v.number() })), v.description("Campaign batches that listed them.")),
  emailing: v.pipe(
    v.object({
      suppressed: v.boolean(),
      reason: v.optional(v.string()),
      since: v.optional(v.string()),
      messages: v.pipe(v.number(), v.description("Emails whose delivery reports are kept (bounces, complaints).")),
      lastLostDealCardAt: v.optional(v.string()),
    }),
    v.description("Whether their address may be emailed, and why not."),
  ),
  audit: v.pipe(v.array(AuditEntrySchema), v.description("Audit entries about them, their forms and their follow-ups.")),
});
export type CustomerExport = v.InferOutput<typeof CustomerExportSchema>;

const out = (items: Item[], ...internal: string[]) => items.map((i) => strip(i, "leaseUntil", "tokenHash", ...internal) as Record<string, unknown>);
/** Stored records of a kind with a schema, typed as it (they were written in its shape). */
const outAs = <T>(items: Item[], ...internal: string[]) => out(items, ...internal) as T[];

/** Everything stored about the customer, as JSON (404 for an unknown one). */
export async function exportCustomer(customerId: string): Promise<CustomerExport> {
  const f = await footprintOf(customerId);
  const section = (prefix: string) => f.partition.filter((i) => i.sk.startsWith(prefix));
  const suppression = f.suppression.find((i) => i.type === "suppression");
  return {
    exportedAt: now().toISOString(),
    customer: strip(f.customer) as CustomerExport["customer"],
    onboardingAnswers: out(section("PREF#")),
    profile: { shared: out(section("PROFILE#S#")), notes: out(section("PROFILE#N#")) },
    invitations: out(f.invitations),
    responses: out(f.responses),
    followUps: outAs<CustomerExport["followUps"][number]>(f.followUps, "dueAction"),
    flags: outAs<CustomerExport["flags"][number]>(f.flags),
    deals: out(f.deals),
    campaigns: f.batches.map((b) => ({ campaignId: b.campaignId as string, batch: b.batch as number })),
    emailing: {
      suppressed: Boolean(suppression),
      ...(suppression ? { reason: suppression.reason as string, since: suppression.at as string } : {}),
      messages: f.messages.length,
      ...(f.contactCap ? { lastLostDealCardAt: f.contactCap.lastSentAt as string } : {}),
    },
    audit: f.audit.map((e) => entryOf(e as AuditEntry & Item)),
  };
}
