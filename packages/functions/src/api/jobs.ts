import { Hono } from "hono";
import * as v from "valibot";
import { Job, JobReportSchema } from "@rapport/core/job/index";
import { JOB_ENTITY, JobTravel, MAX_TRAVEL_DAYS } from "@rapport/core/job/travel";
import { InstantSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const JobRunQuerySchema = v.strictObject({
  now: v.optional(InstantSchema),
});

const JobReportOutput = component("JobReport", JobReportSchema, { now: "2026-11-22T09:00:00.000Z", due: 3, sent: 3, failed: 0, reminded: 2, expired: 1, suppressed: 0, managersNotified: 1, escalated: 0, touchesRolled: 4, customersAsked: 2, customersNotAsked: 0, verdictsUnanswered: 1, digests: 6, closesFinished: 0, campaignBatches: 0, textsErased: 0, webhookDeliveries: 0, errors: 0 });

export const jobs = new Hono<AppEnv>().post(
  "/run",
  describe({
    operationId: "runJobs",
    summary: "Run the scheduled job once, as of the real clock or of `now`",
    description: `For operators and tests. Without \`now\`, runs as of the real clock. \`now\` (time travel, for tests) is accepted only where the installation allows it (locally and in tests; off in AWS unless RAPPORT_ALLOW_TIME_TRAVEL=true), within ${MAX_TRAVEL_DAYS} days of the real clock either way, and never earlier than the last run's \`now\` (a run asked for with one, or one as of the real clock: the scheduled job's every minute, or this route without \`now\`); each run with \`now\` is in the audit log (entity \`${JOB_ENTITY}\`) with the key that asked. Safe to repeat: a second run for the same \`now\` does nothing twice.`,
    tags: ["Operations"],
    security: ["admin"],
    responses: {
      200: { description: "Counts of what the job did", schema: JobReportOutput },
      400: `Invalid input: \`error.fields\` names each field that is wrong; \`now\` more than ${MAX_TRAVEL_DAYS} days from the real clock is one.`,
      403: "The API key lacks the admin scope, or `now` was sent where the installation does not allow it (`time_travel_off`, naming `now`).",
      409: "`now` is earlier than the last run's `now`, asked for or as of the real clock (`now_before_last_run`, naming `now`): time only goes forward.",
    },
  }),
  requireScope("admin"),
  validate("query", JobRunQuerySchema),
  async (c) => {
    const { now } = c.req.valid("query");
    return c.json(now ? await JobTravel.runAsOf(now, c.get("actor")) : await JobTravel.runNow());
  },
);
