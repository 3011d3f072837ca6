import { Hono } from "hono";
import * as v from "valibot";
import { Plan, PlanRecordSchema, PlanSchema } from "@rapport/core/plan/index";
import { VisibleError } from "@rapport/core/error";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const planExample = Plan.seedsPlan("2026-10-01");
component("PlanInput", PlanSchema, planExample);

const PlanOutput = component("Plan", PlanRecordSchema, { version: 3, createdAt: "2026-09-30T16:00:00.000Z", ...planExample, components: planExample.components!, lostDealCards: "coaching" });

export const plans = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "createPlan",
      summary: "Publish a new version of the compensation plan",
      description:
        "Either one ramp (weightBase, weightStep, weightCap) or 1–5 components, each with its behaviours (a behaviour in at most one), its ramp and optional settings of its own; the caps add up to at most 1. Versions are never rewritten; closed periods keep the version they were closed with. Audited.",
      tags: ["Compensation"],
      security: ["admin"],
      responses: { 201: { description: "The new version", schema: PlanOutput }, 409: "Published concurrently" },
    }),
    requireScope("admin"),
    validate("json", PlanSchema),
    async (c) => c.json(await Plan.create(c.req.valid("json"), c.get("actor")), 201),
  )
  .get(
    "/current",
    describe({
      operationId: "getCurrentPlan",
      summary: "The current compensation plan",
      description: "The latest published version. Before any is published, the default plan (version 1); reading it never stores it.",
      tags: ["Compensation"],
      security: ["admin"],
      responses: { 200: { description: "The plan", schema: PlanOutput } },
    }),
    requireScope("admin"),
    async (c) => c.json(await Plan.inForce()),
  )
  .get(
    "/:version",
    describe({
      operationId: "getPlan",
      summary: "One version of the compensation plan",
      description: "Versions are never rewritten, so a closed period can always be explained with the version it was closed with.",
      tags: ["Compensation"],
      security: ["admin"],
      responses: { 200: { description: "The plan", schema: PlanOutput }, 404: "No such version" },
    }),
    requireScope("admin"),
    validate("param", v.object({ version: v.pipe(v.string(), v.regex(/^\d{1,6}$/, "must be a version number"), v.transform(Number)) })),
    async (c) => {
      const plan = await Plan.get(c.req.valid("param").version);
      if (!plan) throw new VisibleError("not-found", "no_plan_version", `There is no plan version ${c.req.valid("param").version}.`);
      return c.json(plan);
    },
  );
