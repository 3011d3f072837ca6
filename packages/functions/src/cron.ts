import * as v from "valibot";
import { JobTravel } from "@rapport/core/job/travel";
import { log } from "@rapport/core/log/index";
import { observed } from "./observed.ts";

/**
 * What the schedule sends: an EventBridge scheduled event, or CronV2's input in the same shape
 * (infra/cron.ts). Only the id and the scheduled time are read, for the log.
 */
export const ScheduledEventSchema = v.looseObject({
  id: v.optional(v.string()),
  time: v.optional(v.string()),
  "detail-type": v.optional(v.string()),
});

/** A run in which some steps threw: they were logged one by one and stay due for the next run. */
export class JobStepsFailed extends Error {
  override name = "JobStepsFailed";
}

/**
 * The scheduled job's Lambda (sst.aws.CronV2, every minute): the same `runDueJobs` the local runner calls.
 * Every step runs; when any threw, the invocation fails afterwards, so Lambda counts an error and the
 * job-errors alarm sees it.
 */
export const handler = observed(async (event: unknown) => {
  const scheduled = v.parse(ScheduledEventSchema, event);
  const report = await JobTravel.runNow();
  log.info("scheduled job", { scheduledAt: scheduled.time, eventId: scheduled.id, ...report });
  if (report.errors > 0) {
    throw new JobStepsFailed(`${report.errors} step(s) of the scheduled job failed; each is logged as "scheduled job step failed" and stays due`);
  }
});
