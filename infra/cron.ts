import { access } from "./access";
import { appUrl } from "./api";
import { functionDefaults } from "./function";

/**
 * The scheduled job: every minute, `runDueJobs` sends queued emails and reminders, expires invitations and
 * moves follow-ups on. EventBridge Scheduler hands the function an event shaped like an EventBridge
 * scheduled event. No retries: a failed run (some step threw) counts as a Lambda error for the job-errors
 * alarm, and what failed stays due for the next minute's run.
 */
export const jobs = new sst.aws.CronV2("Jobs", {
  schedule: "rate(1 minute)",
  retries: 0,
  event: { id: "<aws.scheduler.execution-id>", "detail-type": "Scheduled Event", source: "aws.scheduler", time: "<aws.scheduler.scheduled-time>", detail: {} },
  function: {
    handler: "packages/functions/src/cron.handler",
    memory: "512 MB",
    timeout: "5 minutes",
    ...functionDefaults(appUrl, access.jobs),
  },
});
