/**
 * CRM deal events (`POST /v1/events/deal-lost`, `/deal-won`): a lost deal's contact gets a short card about
 * the rep's behaviours and "What would have made you choose us?"; a won deal's customer gets the onboarding
 * form. Each deal's event of each kind sends its form once (send.ts).
 */
import { VisibleError } from "../error.ts";
import type { Actor } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { Rep } from "../rep/index.ts";
import { Plan } from "../plan/index.ts";
import { Survey } from "../survey/index.ts";
import { recordAndSend } from "./send.ts";
import { activeRep, dealOf, duplicateOf, mustBeRecent, type DealEventResult, type DealLostInput, type DealWonInput } from "./record.ts";

export { DealEventResultSchema, DealLostSchema, DealWonSchema } from "./record.ts";
export type { DealEventResult, DealLostInput, DealWonInput } from "./record.ts";

/** The customer (or prospect) with the contact's email, or a new one for `rep`: a prospect when `prospect`. */
async function contactOf(contact: DealLostInput["customer"], rep: Rep, actor: Actor, prospect: boolean): Promise<Customer> {
  const known = await Customer.fromEmail(contact.email);
  if (known) return known;
  const input = { name: contact.name, email: contact.email, ...(contact.company ? { company: contact.company } : {}), repId: rep.id };
  try {
    return await Customer.create(input, actor, prospect ? { stage: "prospect" } : {});
  } catch (error) {
    // Another event for the same address created it a moment ago.
    if (!(error instanceof VisibleError && error.code === "duplicate_email")) throw error;
    const created = await Customer.fromEmail(contact.email);
    if (!created) throw error;
    return created;
  }
}

/**
 * A deal was lost: the contact (a new prospect when unknown; a customer stays a customer) gets a lost-deal
 * card crediting the deal's rep, outside the 60-day report-card cap and not counting toward it. Whether it
 * counts (toward `invited`, and its answer toward scores and `answered`) is the plan's `lostDealCards` when it
 * is sent, frozen on the invitation. Unknown or inactive rep, or a deal lost more than 90 days ago: 422.
 */
export async function lost(input: DealLostInput, actor: Actor): Promise<DealEventResult> {
  mustBeRecent("lostAt", input.lostAt);
  const rep = await activeRep(input.repEmail);
  const earlier = await dealOf("lost", input.dealId);
  if (earlier) return duplicateOf(earlier);
  const [customer, survey, plan] = await Promise.all([contactOf(input.customer, rep, actor, true), Survey.load(), Plan.inForce()]);
  return recordAndSend(
    { kind: "lost", dealId: input.dealId, eventAt: input.lostAt, reason: input.reason, customer, rep, form: { kind: "lost-deal", survey, invitedCounts: Plan.lostDealModeOf(plan) === "counted" } },
    actor,
  );
}

/**
 * A deal was won: the customer (created for the rep when unknown; a prospect becomes the rep's customer; a
 * customer of another rep keeps their rep, who the form names as their contact) gets the onboarding form,
 * pre-filled with what is known.
 * Unknown or inactive rep, or a deal won more than 90 days ago: 422.
 */
export async function won(input: DealWonInput, actor: Actor): Promise<DealEventResult> {
  mustBeRecent("wonAt", input.wonAt);
  const rep = await activeRep(input.repEmail);
  const earlier = await dealOf("won", input.dealId);
  if (earlier) return duplicateOf(earlier);
  const found = await contactOf(input.customer, rep, actor, false);
  const customer = found.stage === "prospect" ? await Customer.promote(found, rep.id, actor) : found;
  const owner = customer.repId === rep.id ? rep : ((await Rep.get(customer.repId)) ?? rep);
  return recordAndSend({ kind: "won", dealId: input.dealId, eventAt: input.wonAt, customer, rep: owner, form: { kind: "onboarding" } }, actor);
}

export const Deal = { lost, won };
