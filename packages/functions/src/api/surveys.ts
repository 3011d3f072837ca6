import { Hono } from "hono";
import { Survey, SurveyRecordSchema, SurveySchema } from "@rapport/core/survey/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

component("SurveyInput", SurveySchema, { behaviours: Survey.current().behaviours.slice(0, 3) });
const SurveyOutput = component("Survey", SurveyRecordSchema, Survey.current());

export const surveys = new Hono<AppEnv>()
  .get(
    "/current",
    describe({
      operationId: "getCurrentSurvey",
      summary: "The report card's current behaviours",
      description: "The last survey published, or the built-in six behaviours. A report card's `ratings` are keyed by these ids.",
      tags: ["Surveys"],
      security: ["admin"],
      responses: { 200: { description: "The survey new report cards are sent with", schema: SurveyOutput } },
    }),
    requireScope("admin"),
    async (c) => c.json(await Survey.load()),
  )
  .post(
    "/",
    describe({
      operationId: "publishSurvey",
      summary: "Publish a new set of report-card behaviours (at most six)",
      description: "New invitations use it; invitations already sent keep the behaviours they were sent with, and answers are never rewritten. Audited.",
      tags: ["Surveys"],
      security: ["admin"],
      responses: { 201: { description: "The new survey version", schema: SurveyOutput }, 409: "Another survey was published at the same time" },
    }),
    requireScope("admin"),
    validate("json", SurveySchema),
    async (c) => c.json(await Survey.publish(c.req.valid("json"), c.get("actor")), 201),
  );
