import { Job } from "@rapport/core/job/index";

/** The scheduled job's Lambda (sst.aws.Cron, every minute): the same `runDueJobs` the local runner calls. */
export async function handler(): Promise<void> {
  const report = await Job.runDueJobs();
  console.log(JSON.stringify({ level: "info", msg: "scheduled job", ...report }));
}
