/** What a submission answers the JSON caller (the published SubmissionResult): the form, how it was counted, until when it may change. */
import * as v from "valibot";
import { kinds } from "../invitation/record.ts";
import { outcomes, type Submitted } from "./once.ts";
import { revisableUntil } from "./state.ts";

export const SubmissionResultSchema = v.object({
  invitationId: v.string(),
  kind: v.picklist(kinds),
  outcome: v.pipe(v.picklist(outcomes), v.description("recorded: the first answers; revised: changed within the revision window; unchanged: the same answers again.")),
  answeredAt: v.pipe(v.string(), v.description("When the form was first answered.")),
  revisableUntil: v.pipe(v.string(), v.description("Until when the answers may still be changed from the same link.")),
});
export type SubmissionResult = v.InferOutput<typeof SubmissionResultSchema>;

/** The published answer to a submission. */
export function resultOf({ outcome, invitation }: Submitted): SubmissionResult {
  return { invitationId: invitation.id, kind: invitation.kind, outcome, answeredAt: invitation.answeredAt!, revisableUntil: revisableUntil(invitation) };
}
