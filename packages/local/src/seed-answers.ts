import type { Actor } from "@rapport/core/audit/index";
import { Clock } from "@rapport/core/clock/index";
import type { Customer } from "@rapport/core/customer/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Submission } from "@rapport/core/submission/index";
import * as v from "valibot";
import { Survey } from "@rapport/core/survey/index";
import { OnboardingSchema, type OnboardingInput } from "@rapport/core/survey/onboarding";
import { FollowUp } from "@rapport/core/followup/index";

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

/** Onboarding answers for every other customer, so touches and recovery cases show real preferences. */
const preferences: OnboardingInput[] = [
  { channel: "phone", contact: "+16175550142", timezone: "America/New_York", bestHours: "Weekdays 9:00-11:00", cadence: "weekly", responseTime: "4h", interests: ["cost savings", "reliability"], personalInterests: "Coaches her daughter's soccer team", onTimeMeans: "Delivered before the Monday shift starts" },
  { channel: "email", timezone: "America/Chicago", bestHours: "after 2pm", cadence: "biweekly", responseTime: "same-day", interests: ["growth", "new ideas"] },
  { channel: "text", contact: "+13125550199", timezone: "America/Chicago", bestHours: "16:00-18:00", cadence: "monthly", responseTime: "1h", interests: ["training"], personalInterests: "Restores old motorbikes" },
  { channel: "video", contact: "https://meet.example/keiko", timezone: "Asia/Tokyo", bestHours: "10:00-12:00", cadence: "weekly", responseTime: "24h", interests: ["industry news", "sustainability"] },
];

/**
 * Fills two quarters with answered report cards, written the way customers write them (invitation,
 * then submission, each at its own past time under a clock set back), so the scores, trends, comments
 * and bonus inputs have something to show. The quarter before `today`'s gets every customer; the current
 * one all but the last customer of each rep, so a person trying the app still has customers who can be
 * sent a report card now. The current quarter's answers fit between its start and an hour ago however
 * young it is, and every customer's two report cards stay more than 60 days apart.
 */
export async function seedAnswers(reps: { id: string }[], customers: Customer[], today: Date, actor: Actor): Promise<number> {
  const behaviours = Survey.current().behaviours.map((b) => b.id);
  const quarterStart = new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1));
  const previousStart = new Date(Date.UTC(quarterStart.getUTCFullYear(), quarterStart.getUTCMonth() - 3, 1));
  let answered = 0;
  for (const [index, customer] of customers.entries()) {
    if (index % 2 === 1) continue;
    const sentAt = new Date(previousStart.getTime() - 10 * DAY);
    const created = await Clock.at(sentAt, () => Invitation.create({ customerId: customer.id, kind: "onboarding" }, actor, { customer }));
    if (!("invitation" in created)) continue;
    const answers = preferences[(index / 2) % preferences.length]!;
    await Clock.at(new Date(sentAt.getTime() + DAY), () => Submission.submitOnboarding(created.invitation, v.parse(OnboardingSchema, { ...answers, ...(answers.channel === "email" ? { contact: customer.email } : {}) })));
  }
  const ofRep = (customer: Customer) => customers.filter((c) => c.repId === customer.repId);
  const sam = reps[2]?.id;
  // One customer of Sam's (the demo rep) answered this morning, so the demo has a fresh recovery case due today.
  const fresh = customers.find((c) => c.repId === sam && ofRep(c).indexOf(c) === ofRep(c).length - 2);
  const current = customers.filter((c) => ofRep(c).indexOf(c) !== ofRep(c).length - 1 && c !== fresh);
  // The current quarter's answers, spread over its last 30 days up to an hour ago (or over what has passed of it).
  const until = today.getTime() - 3_600_000;
  const from = Math.max(quarterStart.getTime(), until - 30 * DAY);
  for (const [quarter, start] of [[0, previousStart], [1, quarterStart]] as const) {
    for (const [index, customer] of customers.entries()) {
      let sentAt: Date;
      let answeredAt: Date;
      if (quarter === 0) {
        // Within the quarter's first 25 days: more than 60 days before any of the current quarter's invitations.
        sentAt = new Date(start.getTime() + (2 + ((index * 3) % 20)) * DAY + 9 * 3_600_000);
        answeredAt = new Date(sentAt.getTime() + (1 + (index % 3)) * DAY);
      } else if (customer === fresh) {
        sentAt = new Date(today.getTime() - DAY);
        answeredAt = new Date(today.getTime() - 2 * 3_600_000);
      } else {
        const slot = current.indexOf(customer);
        if (slot < 0 || until <= from) continue;
        answeredAt = new Date(from + ((until - from) * (slot + 1)) / (current.length + 1));
        sentAt = new Date(answeredAt.getTime() - (1 + (index % 3)) * DAY);
      }
      const created = await Clock.at(sentAt, () => Invitation.create({ customerId: customer.id, kind: "report-card" }, actor, { customer }));
      if (!("invitation" in created)) continue;
      const repIndex = reps.findIndex((r) => r.id === customer.repId);
      const profile = profiles[repIndex % profiles.length]!;
      const ratings: Record<string, number | "na"> = {};
      behaviours.forEach((b, i) => {
        const nudge = ((index + i + quarter) % 3) - 1;
        ratings[b] = (i + index) % 7 === 6 ? "na" : Math.min(5, Math.max(1, (profile[i] ?? 4) + nudge + quarter * (repIndex === 1 ? 1 : 0)));
      });
      const isFresh = quarter === 1 && customer === fresh;
      if (isFresh) ratings[behaviours[3]!] = 1;
      const comment = isFresh ? "I tried to reach Sam three times about the late shipment and heard nothing back." : comments[(index + quarter) % comments.length]!;
      await Clock.at(answeredAt, async () =>
        Submission.submitReportCard(created.invitation, {
          ratings,
          ...(comment ? { improve: comment } : {}),
          shareName: index % 2 === 0,
          // Most demo customers agree to be contacted (Sam's fresh case names its customer); some do not, so the manager sees anonymous cases too.
          contactOk: isFresh || index % 3 !== 0,
        }),
      );
      answered += 1;
    }
  }
  await resolveHistory(reps, today);
  return answered;
}

/** Cases from past weeks were handled back then: resolve them (and the check-ins they schedule) as the rep would have. */
async function resolveHistory(reps: { id: string }[], today: Date): Promise<void> {
  for (let round = 0; round < 6; round++) {
    const old = (await FollowUp.list({ repIds: reps.map((r) => r.id), status: "open" })).filter(
      (f) => f.kind !== "touch" && new Date(f.dueAt).getTime() < today.getTime() - DAY,
    );
    if (!old.length) return;
    for (const f of old) {
      const at = new Date(Math.max(new Date(f.createdAt).getTime() + 3 * 3_600_000, new Date(f.dueAt).getTime() - 2 * 3_600_000));
      const note = f.kind === "recovery" ? "Called the customer, fixed the cause and confirmed in writing." : "Checked in: all good since the fix.";
      await Clock.at(at, () => FollowUp.resolve(f.id, { note }, { kind: "user", id: "demo-seed" }));
    }
  }
}
