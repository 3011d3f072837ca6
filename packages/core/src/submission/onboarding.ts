/** Submitting the onboarding preference form: the customer's preferences, every version kept, the rep's touch schedule and its `response.submitted` event. */
import { tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { Rep } from "../rep/index.ts";
import type { OnboardingInput } from "../survey/onboarding.ts";
import type { Invitation } from "../invitation/index.ts";
import { FollowUp } from "../followup/index.ts";
import { responseKeys } from "../response/keys.ts";
import { canonical, invitationUpdate, submitOnce, write, type Submitted } from "./once.ts";
import { count } from "../metrics/index.ts";
import { storedEntries } from "../profile/record.ts";
import { shareItems } from "../profile/share.ts";
import { Outbox } from "../webhook/outbox.ts";

/**
 * Records onboarding answers: they become the customer's current preferences, every earlier version kept,
 * in one transaction with the invitation and the rep's touch schedule. A second submission within 7 days
 * revises them.
 */
export async function submitOnboarding(inv: Invitation, input: OnboardingInput): Promise<Submitted> {
  if (inv.kind !== "onboarding") throw new VisibleError("input", "wrong_form", "This link is for the report card.");
  const answers = canonical(input) as Record<string, unknown>;
  return submitOnce(inv, answers, async (current, first, at) => {
    const answeredAt = first ? at : current.answeredAt!;
    const preferences = { ...answers, updatedAt: at, invitationId: current.id };
    // The touch schedule goes to the rep who owns the customer now.
    const customer = await Customer.get(current.customerId);
    const owner = customer ? await Rep.get(customer.repId) : undefined;
    const schedule = customer ? FollowUp.touchItems(customer, owner, input, now()) : [];
    // What they chose to share becomes profile entries; the preferences below replace the customer record's copy.
    const shared = customer
      ? shareItems({ customer, stored: await storedEntries(customer.id), invitation: current, source: "onboarding", at, named: true, overwrites: ["interests", "personalInterests"], values: { interests: input.interests, personalInterests: input.personalInterests } })
      : { items: [], created: false };
    await write([
      invitationUpdate(current, answers, undefined, first, at),
      { Put: { TableName: tableName(), Item: { ...responseKeys.preference(current.customerId, answeredAt, current.id), type: "preferences", customerId: current.customerId, ...preferences } } },
      {
        Update: {
          TableName: tableName(),
          Key: customerKeys.customer(current.customerId),
          UpdateExpression: `SET preferences = :p, preferencesAt = :at${shared.created ? ", profileAt = :at" : ""}`,
          ExpressionAttributeValues: { ":p": preferences, ":at": at },
        },
      },
      ...schedule,
      ...shared.items,
      Outbox.onboardingSubmitted({ invitationId: current.id, repId: current.repId, answeredAt, revision: first ? 1 : (current.revision ?? 1) + 1 }),
    ]);
    if (first) count("OnboardingFormsCounted");
    return {};
  });
}
