import { Clock } from "@rapport/core/clock/index";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Score } from "@rapport/core/score/index";
import { Submission } from "@rapport/core/submission/index";
import { aCustomer } from "./fixtures.ts";

// Report cards written straight through core at a chosen instant, for the counting tests.
const cli = { kind: "cli", id: "test" } as const;

/** Every behaviour "not applicable": a test names only the ratings it counts. */
export const NONE = { listening: "na", follow_up: "na", proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" } as const;

/** A new invitation (a report card unless `kind` says otherwise) for a new customer of `repId`, created at `at`. */
export async function invite(at: Date, repId: string, kind: "report-card" | "onboarding" = "report-card"): Promise<InvitationRecord> {
  return Clock.at(at, async () => {
    const customer = await aCustomer(repId);
    const created = await Invitation.create({ customerId: customer.id, kind }, cli);
    if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
    return created.invitation;
  });
}

/** The customer opens the link and submits these ratings (the rest "not applicable") at `at`. */
export function submit(at: Date, inv: InvitationRecord, ratings: Record<string, number | "na">, extra: { shareName?: boolean; contactOk?: boolean; improve?: string; aboutMe?: string } = {}) {
  return Clock.at(at, async () => Submission.submitReportCard(await Submission.open(Invitation.tokenOf(inv.id)), { ratings: { ...NONE, ...ratings }, ...extra }));
}

/** A rep's cards and behaviour totals in a period, as the score recipe reads them (`allTotals` adds the rated sets and response-rate counters). */
export const totals = async (period: string, repId: string) => {
  const found = await allTotals(period, repId);
  return found && { cards: found.cards, behaviours: found.behaviours };
};

/** Everything a rep's aggregate holds in a period. */
export const allTotals = async (period: string, repId: string) => (await Score.totalsForPeriod(period)).get(repId);
