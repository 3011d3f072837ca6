import { Hono } from "hono";
import * as v from "valibot";
import { Survey, SurveySchema } from "@rapport/core/survey/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const SurveyOutput = v.object({ version: v.string(), behaviours: v.array(v.object({ id: v.string(), label: v.string() })) });

export const surveys = new Hono<AppEnv>()
  .get(
    "/current",
    describe({
      summary: "The report card's current behaviours",
      tags: ["Surveys"],
      security: ["admin"],
      responses: { 200: { description: "The survey new report cards are sent with", schema: SurveyOutput }, 401: "No API key", 403: "Not an admin key" },
    }),
    requireScope("admin"),
    async (c) => c.json(await Survey.load()),
  )
  .post(
    "/",
    describe({
      summary: "Publish a new set of report-card behaviours (at most six)",
      description: "New invitations use it; invitations already sent keep the behaviours they were sent with, and answers are never rewritten. Audited.",
      tags: ["Surveys"],
      security: ["admin"],
      responses: { 201: { description: "The new survey version", schema: SurveyOutput }, 400: "Invalid behaviours", 401: "No API key", 403: "Not an admin key" },
    }),
    requireScope("admin"),
    validate("json", SurveySchema),
    async (c) => c.json(await Survey.publish(c.req.valid("json"), c.get("actor")), 201),
  );
