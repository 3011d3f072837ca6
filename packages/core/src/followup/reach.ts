/** How and when to reach the customer of a follow-up, as the case, the check-in and the emails carry it. */
import type * as v from "valibot";
import type { FollowUpRecordSchema } from "./record.ts";

type FollowUp = v.InferOutput<typeof FollowUpRecordSchema>;

/** How and when to reach the customer of a follow-up: only the fields that are known. */
export function reachOf(f: Pick<FollowUp, "channel" | "contact" | "bestHours" | "timezone">) {
  return {
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.contact ? { contact: f.contact } : {}),
    ...(f.bestHours ? { bestHours: f.bestHours } : {}),
    ...(f.timezone ? { timezone: f.timezone } : {}),
  };
}
