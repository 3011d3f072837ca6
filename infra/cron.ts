import { appUrl } from "./api";
import { functionDefaults } from "./function";

/** The scheduled job: every minute, `runDueJobs` sends queued emails and reminders and expires invitations. */
export const jobs = new sst.aws.Cron("Jobs", {
  schedule: "rate(1 minute)",
  job: {
    handler: "packages/functions/src/cron.handler",
    memory: "512 MB",
    timeout: "5 minutes",
    ...functionDefaults(appUrl),
  },
});
