/** How urgent a customer said their concern is, in words: the form's choices, the emails' and the dashboard's lines. */
import type { concernUrgencies } from "../followup/record.ts";

export type ConcernUrgency = (typeof concernUrgencies)[number];

/** The form's choice for each urgency, in the customer's words. */
export const urgencyChoices: Record<ConcernUrgency, string> = {
  today: "It needs attention today",
  "this-week": "This week is fine",
  "no-rush": "No rush",
};

/** The urgency as the rep and the manager read it beside the case. */
export const urgencyWords: Record<ConcernUrgency, string> = {
  today: "needs attention today",
  "this-week": "this week is fine",
  "no-rush": "no rush",
};
