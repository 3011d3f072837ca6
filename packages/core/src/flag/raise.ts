/**
 * Which bias flags a counted card raises (a report card, or a lost-deal card sent as counted); submission/report-card.ts
 * and submission/lost-deal.ts write them in the card's own transaction.
 */
import type { TransactItem } from "../db/index.ts";
import { config } from "../config.ts";
import { Rep } from "../rep/index.ts";
import type { Invitation } from "../invitation/index.ts";
import { evaluate, type FlagContext } from "./rules.ts";
import { flagId, get, raiseItem } from "./record.ts";

/** A flag to raise: its rule and why. */
export interface FlagDraft {
  rule: string;
  reason: string;
}

/**
 * The flags these answers raise that the card does not carry yet: on a first answer every rule that fires;
 * on a revision only the rules whose flag the card has not got (a comment added in a later part), never a
 * second flag of one rule. A flag raised earlier stays when a revision no longer fires its rule: finance decides.
 */
export async function toRaise(inv: Invitation, input: FlagContext["response"], first: boolean): Promise<FlagDraft[]> {
  // The rep as frozen on the invitation; one sent before addresses were frozen reads the rep.
  const repEmail = inv.repEmail ?? (await Rep.get(inv.repId))?.email;
  const fired = evaluate({
    response: { improve: input.improve, aboutMe: input.aboutMe, chooseUs: input.chooseUs },
    customer: { email: inv.email },
    rep: { email: repEmail, name: inv.repName },
    orgDomains: config().orgDomains,
  });
  if (first || fired.length === 0) return fired;
  const carried = await Promise.all(fired.map((draft) => get(flagId(inv.id, draft.rule))));
  return fired.filter((_, i) => !carried[i]);
}

/** The Puts that raise the drafts' flags on a card counted in `period` (each fails if the card already carries it). */
export function raiseItems(inv: Invitation, drafts: FlagDraft[], period: string, answeredAt: string, at: string): TransactItem[] {
  return drafts.map((draft) =>
    raiseItem({
      id: flagId(inv.id, draft.rule),
      responseId: inv.id,
      repId: inv.repId,
      period,
      rule: draft.rule,
      reason: draft.reason,
      status: "open",
      createdAt: at,
      answeredAt,
    }),
  );
}
