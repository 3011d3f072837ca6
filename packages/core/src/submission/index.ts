import * as v from "valibot";
import { VisibleError } from "../error.ts";
import { fieldsOf } from "../error-fields.ts";
import { Survey } from "../survey/index.ts";
import type { Invitation } from "../invitation/index.ts";
import { open, revisableUntil, stateOf } from "./state.ts";
import { submitReportCard } from "./report-card.ts";
import { submitOnboarding } from "./onboarding.ts";
import { submitLostDeal } from "./lost-deal.ts";
import type { Submitted } from "./once.ts";
import { resultOf } from "./result.ts";

export { SubmissionResultSchema } from "./result.ts";

/** The answers after the confirm page's post: the earlier answers with the tapped rating set. */
function withTappedRating(inv: Invitation, rating: Record<string, unknown>): Record<string, unknown> {
  const earlier = (inv.answers ?? {}) as Record<string, unknown>;
  return { ...earlier, ratings: { ...((earlier.ratings ?? {}) as Record<string, unknown>), ...rating } };
}

/**
 * Submits a form from its link: refuses an expired or final one, validates the answers against the form
 * the invitation was sent with (a report card of its frozen behaviours, or the onboarding form; 400 naming
 * each field), and records them in one transaction, counted at most once. `tapped` carries the one rating
 * tapped in the email (a report card's confirm page): it is set on top of any earlier answers.
 */
export async function submit(inv: Invitation, body: unknown, options: { tapped?: Record<string, unknown> } = {}): Promise<Submitted> {
  const state = stateOf(inv);
  if (state === "expired") throw new VisibleError("gone", "expired_link", "This link has expired.");
  if (state === "final") throw new VisibleError("conflict", "already_final", "Your answers were received and can no longer be changed.");
  if (inv.kind === "report-card") {
    const answers = options.tapped ? withTappedRating(inv, options.tapped) : body;
    const parsed = v.safeParse(Survey.reportCardSchema({ behaviours: Survey.behavioursOf(inv) }), answers);
    if (!parsed.success) throw invalid(parsed.issues);
    return submitReportCard(inv, parsed.output, { tapped: Boolean(options.tapped) });
  }
  if (inv.kind === "lost-deal") {
    const parsed = v.safeParse(Survey.lostDealSchema({ behaviours: Survey.behavioursOf(inv) }), body);
    if (!parsed.success) throw invalid(parsed.issues);
    return submitLostDeal(inv, parsed.output);
  }
  // The onboarding schema loads the phone-number library, the heaviest package the API bundles: only this path needs it.
  const { OnboardingSchema } = await import("../survey/onboarding.ts");
  const parsed = v.safeParse(OnboardingSchema, body);
  if (!parsed.success) throw invalid(parsed.issues);
  return submitOnboarding(inv, parsed.output);
}

function invalid(issues: Parameters<typeof fieldsOf>[0]): VisibleError {
  const fields = fieldsOf(issues);
  return new VisibleError("input", "invalid_input", `Invalid ${Object.keys(fields).join(", ")}.`, fields);
}

/**
 * A customer's form submission: where a link stands (state.ts), how it is counted at most once (once.ts),
 * what a report card writes (report-card.ts), what the onboarding form writes (onboarding.ts) and what a
 * lost deal's card writes (lost-deal.ts).
 */
export const Submission = { open, stateOf, revisableUntil, submit, resultOf, submitReportCard, submitOnboarding, submitLostDeal };
