import type { Actor } from "@rapport/core/audit/index";
import { Clock } from "@rapport/core/clock/index";
import type { Customer } from "@rapport/core/customer/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Response } from "@rapport/core/response/index";
import { Survey } from "@rapport/core/survey/index";

/** How each demo rep tends to be rated: a base rating per behaviour, nudged per customer. */
const profiles: number[][] = [
  [5, 4, 5, 4, 5, 5],
  [4, 3, 4, 5, 3, 4],
  [3, 2, 3, 4, 3, 3],
];

const comments = [
  "Answers quickly, but I'd like more ideas for reducing our costs.",
  "Keeps every promise. Please keep the monthly check-ins.",
  "Hard to reach in the afternoons when our shift changes.",
  "Pointed us to a partner when their product wasn't the right fit. Appreciated.",
  "Follow-ups after the last delivery were late.",
  "",
];

const DAY = 86_400_000;

/**
 * Fills two quarters with answered report cards, written the way customers write them (invitation,
 * then submission, each at its own past time), so the scores, trends and comments have something to show.
 * The quarter before `today`'s gets every customer; the current one all but the last customer of each rep,
 * so a person trying the app still has customers who can be sent a report card now.
 */
export async function seedAnswers(reps: { id: string }[], customers: Customer[], today: Date, actor: Actor): Promise<number> {
  const behaviours = Survey.current().behaviours.map((b) => b.id);
  const quarterStart = new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1));
  const previousStart = new Date(Date.UTC(quarterStart.getUTCFullYear(), quarterStart.getUTCMonth() - 3, 1));
  let answered = 0;
  for (const [quarter, start] of [[0, previousStart], [1, quarterStart]] as const) {
    for (const [index, customer] of customers.entries()) {
      const repIndex = reps.findIndex((r) => r.id === customer.repId);
      const ofRep = customers.filter((c) => c.repId === customer.repId);
      if (quarter === 1 && ofRep.indexOf(customer) === ofRep.length - 1) continue;
      const sentAt = new Date(start.getTime() + (2 + ((index * 3) % 20)) * DAY + 9 * 3_600_000);
      const answeredAt = new Date(Math.min(sentAt.getTime() + (1 + (index % 3)) * DAY, today.getTime() - 3_600_000));
      if (answeredAt <= sentAt) continue;
      const created = await Clock.at(sentAt, () => Invitation.create({ customerId: customer.id, kind: "report-card" }, actor, { customer }));
      if (!("invitation" in created)) continue;
      const profile = profiles[repIndex % profiles.length]!;
      const ratings: Record<string, number | "na"> = {};
      behaviours.forEach((b, i) => {
        const nudge = ((index + i + quarter) % 3) - 1;
        ratings[b] = (i + index) % 7 === 6 ? "na" : Math.min(5, Math.max(1, (profile[i] ?? 4) + nudge + quarter * (repIndex === 1 ? 1 : 0)));
      });
      const comment = comments[(index + quarter) % comments.length]!;
      await Clock.at(answeredAt, async () =>
        Response.submitReportCard(created.invitation, {
          ratings,
          ...(comment ? { improve: comment } : {}),
          shareName: index % 2 === 0,
        }),
      );
      answered += 1;
    }
  }
  return answered;
}
