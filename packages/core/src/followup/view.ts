/** What the API shows of follow-ups: the record less who manages the rep and which job step is due. */
import * as v from "valibot";
import { FollowUpRecordSchema } from "./record.ts";
import type { FollowUp } from "./index.ts";

/** A follow-up as the API shows it. */
export const FollowUpViewSchema = v.omit(FollowUpRecordSchema, ["managerEmail", "dueAction"]);
export type FollowUpView = v.InferOutput<typeof FollowUpViewSchema>;

/** Due and open follow-ups, soonest due first. */
export const FollowUpListSchema = v.object({ items: v.array(FollowUpViewSchema) });

/** A resolved follow-up, with the check-in or the next touch resolving it scheduled. */
export const FollowUpResolutionSchema = v.object({ followUp: FollowUpViewSchema, checkIn: v.optional(FollowUpViewSchema), next: v.optional(FollowUpViewSchema) });
export type FollowUpResolution = v.InferOutput<typeof FollowUpResolutionSchema>;

/** A follow-up as the API shows it. An anonymous case carries no customer fields, nor the invitation that would lead back to the customer. */
export function publicView(f: FollowUp): FollowUpView {
  const { managerEmail: _m, dueAction: _d, invitationId, ...rest } = f;
  return f.anonymous ? rest : { ...rest, ...(invitationId ? { invitationId } : {}) };
}

/** What resolving answers: each follow-up as the API shows it. */
export function resolutionView(result: { followUp: FollowUp; checkIn?: FollowUp; next?: FollowUp }): FollowUpResolution {
  return { followUp: publicView(result.followUp), ...(result.checkIn ? { checkIn: publicView(result.checkIn) } : {}), ...(result.next ? { next: publicView(result.next) } : {}) };
}
