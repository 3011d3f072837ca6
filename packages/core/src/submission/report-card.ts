/** Submitting a report card: the answers, the counted response, the rep's aggregates and the recovery case in one transaction. */
import { tableName, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Customer } from "../customer/index.ts";
import { storedEntries } from "../profile/record.ts";
import { aboutMeItems } from "../profile/share.ts";
import { next as nextPeriod, periodOf } from "../period/quarter.ts";
import { mustBeOpen } from "../period/state.ts";
import { Survey, type ReportCardInput } from "../survey/index.ts";
import type { Invitation } from "../invitation/index.ts";
import { Score } from "../score/index.ts";
import { FollowUp } from "../followup/index.ts";
import { RecoveryCase } from "../followup/recovery-case.ts";
import { FollowUpEmails } from "../followup/notify.ts";
import { cardUpdates } from "../response/counting.ts";
import { raiseItems, toRaise, type FlagDraft } from "../flag/raise.ts";
import { responseKeys } from "../response/keys.ts";
import type { StoredResponse } from "../response/index.ts";
import { invitationUpdate, PeriodClosed, submitOnce, write, type Submitted } from "./once.ts";
import { log } from "../log/index.ts";
import { count } from "../metrics/index.ts";
import { Outbox } from "../webhook/outbox.ts";

/** Where the period's ConditionCheck sits in a report card's transaction (see `reportCardItems`). */
const PERIOD_CHECK = 2;
/** A response moves on to the next period at most this many times (each hop is a period closed under it). */
const MAX_HOPS = 8;

/**
 * Records a report card: the answers, the response and the rep's per-period aggregates (count, sum,
 * sum of squares per behaviour) in one transaction that counts each invitation at most once. Within
 * 7 days a second submission revises: the same transaction moves the aggregates from the old answers
 * to the new, and settles the response's recovery case (one open case per response at most). The bias flags
 * the answers raise are written in the same transaction (each rule's flag once per card). A card whose
 * period was closed counts in the next open one, and its flags with it.
 */
export async function submitReportCard(
  inv: Invitation,
  input: ReportCardInput,
  options: { /** The one rating tapped in the email: the rest of the card (and the consents) may follow within minutes. */ tapped?: boolean } = {},
): Promise<Submitted> {
  if (inv.kind !== "report-card") throw new VisibleError("input", "wrong_form", "This link is for the onboarding form.");
  const answers: Record<string, unknown> = {
    ratings: input.ratings,
    ...(input.improve ? { improve: input.improve } : {}),
    ...(input.aboutMe ? { aboutMe: input.aboutMe } : {}),
    shareName: input.shareName ?? false,
    contactOk: input.contactOk ?? false,
  };
  return submitOnce(inv, answers, async (current, first, at) => {
    let period = first ? periodOf(now()) : current.period!;
    const [recovery, flags, shared] = await Promise.all([
      RecoveryCase.open(current, input, period, new Date(at), options.tapped ?? false),
      toRaise(current, input, first),
      sharedAboutMe(current, input, first, at),
    ]);
    let items = recovery.items;
    for (let hop = 0; ; hop++) {
      try {
        await write([...reportCardItems(current, input, answers, period, first, at, recovery.id, items, flags), ...shared], PERIOD_CHECK);
        break;
      } catch (error) {
        if (!(error instanceof PeriodClosed)) throw error;
        if (!first) throw new VisibleError("conflict", "period_closed", "Your answers were already counted in a closed period and can no longer be changed.");
        if (hop >= MAX_HOPS) throw error;
        period = nextPeriod(period);
        if (recovery.followUp) {
          recovery.followUp = { ...recovery.followUp, period };
          items = FollowUp.createItems(recovery.followUp);
        }
      }
    }
    if (first) count("ReportCardsCounted");
    if (recovery.id && recovery.id !== current.recoveryId) count("RecoveryCasesOpened");
    const told = recovery.followUp;
    if (told?.status === "open") {
      await FollowUpEmails.announce(told).catch((error: unknown) =>
        log.warn("recovery notification failed; the scheduled job retries it", { followUpId: told.id, invitationId: current.id, repId: current.repId, error }),
      );
    }
    return { period, ...(recovery.id ? { recoveryId: recovery.id } : {}) };
  });
}

/** What the card's "anything you'd like {rep} to know" writes to the customer's profile (read first: a revision may take an entry away). */
async function sharedAboutMe(inv: Invitation, input: ReportCardInput, first: boolean, at: string): Promise<TransactItem[]> {
  if (first && !input.aboutMe) return [];
  const customer = await Customer.get(inv.customerId);
  if (!customer) return [];
  return aboutMeItems({ customer, stored: await storedEntries(customer.id), invitation: inv, aboutMe: input.aboutMe, named: input.shareName ?? false, at });
}

/** The writes of one report card: invitation, response, the period's check (and open-flag count), aggregates, recovery case, flags. */
function reportCardItems(
  inv: Invitation,
  input: ReportCardInput,
  answers: Record<string, unknown>,
  period: string,
  first: boolean,
  at: string,
  recoveryId: string | undefined,
  recoveryItems: TransactItem[],
  flags: FlagDraft[],
): TransactItem[] {
  const behaviours = Survey.behavioursOf(inv).map((b) => b.id);
  const answeredAt = first ? at : inv.answeredAt!;
  const response: StoredResponse = {
    invitationId: inv.id,
    repId: inv.repId,
    customerId: inv.customerId,
    ...(input.shareName ? { customerName: inv.customerName } : {}),
    period,
    answeredAt,
    ...(first ? {} : { revisedAt: at }),
    surveyVersion: inv.surveyVersion,
    ratings: input.ratings,
    ...(input.improve ? { improve: input.improve } : {}),
    shareName: input.shareName ?? false,
    contactOk: input.contactOk ?? false,
    repScore: Score.ofResponse(input.ratings),
  };
  const previousRatings = first ? undefined : ((inv.answers?.ratings ?? {}) as Record<string, unknown>);
  const items: TransactItem[] = [
    invitationUpdate(inv, answers, period, first, at, recoveryId),
    { Put: { TableName: tableName(), Item: { ...responseKeys.response(inv.repId, period, answeredAt, inv.id), type: "response", ...response } } },
    mustBeOpen(period, flags.length),
    ...cardUpdates(inv, period, behaviours, previousRatings, input.ratings, first ? 1 : 0),
  ];
  items.push(...recoveryItems);
  items.push(...raiseItems(inv, flags, period, answeredAt, at));
  items.push(Outbox.responseSubmitted({ ...response, revision: first ? 1 : (inv.revision ?? 1) + 1 }));
  return items;
}
