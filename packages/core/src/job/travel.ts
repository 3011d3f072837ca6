/** Running the scheduled job as of another instant than the real clock: for tests and local stages only. */
import { now, Clock } from "../clock/index.ts";
import { config } from "../config.ts";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sendIf, tableName, transact } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { runDueJobs, type JobReport } from "./index.ts";
import { jobKeys } from "./keys.ts";

/** The furthest a run may be from the real clock, either way (and never before the last run's `now`). */
export const MAX_TRAVEL_DAYS = 400;
const DAY_MS = 86_400_000;

/** The audit log's entity for the scheduled job's runs (`GET /v1/audit?entityId=scheduled-job`). */
export const JOB_ENTITY = "scheduled-job";

/**
 * Runs the scheduled job as of `at` instead of the real clock. A run moves state on for good (it expires
 * invitations and escalates cases), so it is refused where the configuration does not allow time travel
 * (403), more than 400 days from the real clock (400), and earlier than the `now` of the last run (409),
 * whether that run was asked for with `now` or ran as of the real clock (`runNow`); an accepted one is
 * written to the audit log with who asked, before it starts.
 */
export async function runAsOf(at: Date, actor: Actor): Promise<JobReport> {
  if (!config().allowTimeTravel) {
    throw new VisibleError("forbidden", "time_travel_off", "`now` is not accepted here: this installation runs the job as of the real clock only (RAPPORT_ALLOW_TIME_TRAVEL).", {
      now: "is not accepted on this installation",
    });
  }
  const real = now();
  if (Math.abs(at.getTime() - real.getTime()) > MAX_TRAVEL_DAYS * DAY_MS) {
    throw new VisibleError("input", "invalid_input", `Invalid now: it must be within ${MAX_TRAVEL_DAYS} days of the real clock.`, {
      now: `must be within ${MAX_TRAVEL_DAYS} days of ${real.toISOString()}`,
    });
  }
  const iso = at.toISOString();
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: jobKeys.lastRun,
          UpdateExpression: "SET #now = :now, askedAt = :asked",
          ConditionExpression: "attribute_not_exists(#now) OR #now <= :now",
          ExpressionAttributeNames: { "#now": "now" },
          ExpressionAttributeValues: { ":now": iso, ":asked": real.toISOString() },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      Audit.record(actor, "job.run-as-of", JOB_ENTITY, { now: iso }),
    ],
    (_reasons, details) => {
      const last = (details[0]?.Item?.now as { S?: string } | undefined)?.S;
      throw new VisibleError("conflict", "now_before_last_run", `Invalid now: the job already ran as of ${last ?? "a later instant"}, and cannot go back.`, {
        now: `must not be earlier than ${last ?? "the last run's now"}`,
      });
    },
  );
  return Clock.at(at, () => runDueJobs(at));
}

/**
 * Runs the scheduled job as of the real clock (the cron, the local runner, the route without `now`), and
 * remembers that instant first: a run asked for with `now` may not go back before it.
 */
export async function runNow(): Promise<JobReport> {
  const at = now();
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: jobKeys.lastRun,
      UpdateExpression: "SET #now = :now",
      ConditionExpression: "attribute_not_exists(#now) OR #now < :now",
      ExpressionAttributeNames: { "#now": "now" },
      ExpressionAttributeValues: { ":now": at.toISOString() },
    }),
    // A run asked for with a later `now` already moved the mark on.
    () => undefined,
  );
  return runDueJobs(at);
}

export const JobTravel = { runAsOf, runNow };
