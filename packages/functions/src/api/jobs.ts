import { Hono } from "hono";
import * as v from "valibot";
import { Clock } from "@rapport/core/clock/index";
import { Job } from "@rapport/core/job/index";
import { InstantSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const JobRunQuerySchema = v.strictObject({
  now: v.optional(InstantSchema),
});

const JobReportOutput = v.object({
  now: v.string(),
  due: v.number(),
  sent: v.number(),
  failed: v.number(),
  reminded: v.number(),
  expired: v.number(),
  suppressed: v.number(),
  managersNotified: v.number(),
  escalated: v.number(),
  touchesRolled: v.number(),
  digests: v.number(),
  closesFinished: v.number(),
  errors: v.number(),
});

export const jobs = new Hono<AppEnv>().post(
  "/run",
  describe({
    summary: "Run the scheduled job once, as of `now`",
    description: "For operators and tests. Safe to repeat: a second run for the same `now` does nothing twice.",
    tags: ["Operations"],
    security: ["admin"],
    responses: { 200: { description: "Counts of what the job did", schema: JobReportOutput }, 400: "Invalid now", 401: "No API key", 403: "Not an admin key" },
  }),
  requireScope("admin"),
  validate("query", JobRunQuerySchema),
  async (c) => {
    const at = c.req.valid("query").now ?? Clock.now();
    return c.json(await Clock.at(at, () => Job.runDueJobs(at)));
  },
);
