import { Hono } from "hono";
import * as v from "valibot";
import { Clock } from "@rapport/core/clock/index";
import { Job, JobReportSchema } from "@rapport/core/job/index";
import { InstantSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const JobRunQuerySchema = v.strictObject({
  now: v.optional(InstantSchema),
});

const JobReportOutput = component("JobReport", JobReportSchema, { now: "2026-11-22T09:00:00.000Z", due: 3, sent: 3, failed: 0, reminded: 2, expired: 1, suppressed: 0, managersNotified: 1, escalated: 0, touchesRolled: 4, digests: 6, closesFinished: 0, campaignBatches: 0, errors: 0 });

export const jobs = new Hono<AppEnv>().post(
  "/run",
  describe({
    operationId: "runJobs",
    summary: "Run the scheduled job once, as of `now`",
    description: "For operators and tests. Safe to repeat: a second run for the same `now` does nothing twice.",
    tags: ["Operations"],
    security: ["admin"],
    responses: { 200: { description: "Counts of what the job did", schema: JobReportOutput } },
  }),
  requireScope("admin"),
  validate("query", JobRunQuerySchema),
  async (c) => {
    const at = c.req.valid("query").now ?? Clock.now();
    return c.json(await Clock.at(at, () => Job.runDueJobs(at)));
  },
);
