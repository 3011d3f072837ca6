/** How urgent a customer said their concern is, in the words of the staff's emails and dashboard (the form's own words are web's). */
import type { concernUrgencies } from "../followup/record.ts";

export type ConcernUrgency = (typeof concernUrgencies)[number];

/** The urgency as the rep and the manager read it beside the case. */
export const urgencyWords: Record<ConcernUrgency, string> = {
  today: "needs attention today",
  "this-week": "this week is fine",
  "no-rush": "no rush",
};
