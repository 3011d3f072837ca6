import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "@rapport/core/config";
import { db, tableName } from "@rapport/core/db/index";
import { VisibleError } from "@rapport/core/error";
import { apiKeys } from "./api-keys.ts";
import { audit } from "./audit.ts";
import type { AppEnv } from "./auth.ts";
import { customers } from "./customers.ts";
import { component, describe, document, ErrorSchema, shaped } from "./openapi.ts";
import { reps } from "./reps.ts";
import { invitations } from "./invitations.ts";
import { campaigns } from "./campaigns.ts";
import { jobs } from "./jobs.ts";
import { sesEvents } from "./ses-events.ts";
import { survey } from "./survey.ts";
import { unsubscribe } from "./unsubscribe.ts";
import { me, repScorecards } from "./scorecards.ts";
import { plans } from "./plans.ts";
import { bonusInputs } from "./bonus.ts";
import { periods } from "./periods.ts";
import { signIn } from "./sign-in.ts";
import { dashboard } from "./dashboard.ts";
import { followUps, insights, recoveryPlan } from "./follow-ups.ts";
import { surveys } from "./surveys.ts";

const VERSION = "1.0.0";

const Health = component("Health", v.object({ ok: v.literal(true) }), { ok: true });

function errorBody(code: string, message: string, fields?: Record<string, string>) {
  return shaped(ErrorSchema, { error: { code, message, ...(fields ? { fields } : {}) } });
}

/** Builds the Hono app that serves Rapport, the same in Lambda and under @hono/node-server. */
export function createApp() {
  const app = new Hono<AppEnv>();

  app.use(requestId({ headerName: "X-Request-Id" }));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      strictTransportSecurity: config().secureCookies ? "max-age=63072000; includeSubDomains" : false,
    }),
  );

  app.onError((error, c) => {
    if (error instanceof VisibleError) return c.json(errorBody(error.code, error.message, error.fields), error.status);
    if (error instanceof HTTPException && error.status < 500) {
      const message = error.message || "The request could not be read.";
      return c.json(errorBody(error.status === 400 ? "malformed_request" : "http_error", message), error.status);
    }
    console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), path: c.req.path, error: String(error), stack: (error as Error)?.stack }));
    return c.json(errorBody("internal", `Something went wrong on our side. Quote request id ${c.get("requestId")} if you report it.`), 500);
  });

  app.notFound((c) => c.json(errorBody("not_found", `Nothing is at ${c.req.method} ${c.req.path}.`), 404));

  app.get(
    "/health",
    describe({
      operationId: "getHealth",
      summary: "Health: answers once the database answers",
      description: "For load balancers and monitors: 200 once a read from the database succeeds, 503 while it fails. Needs no key.",
      tags: ["Operations"],
      security: ["public"],
      responses: { 200: { description: "Healthy", schema: Health }, 503: "The database does not answer" },
    }),
    async (c) => {
      try {
        await db().send(new GetCommand({ TableName: tableName(), Key: { pk: "HEALTH", sk: "HEALTH" } }));
      } catch (error) {
        console.error(JSON.stringify({ level: "warn", requestId: c.get("requestId"), msg: "health check failed", error: String(error) }));
        return c.json(errorBody("unavailable", "The database does not answer yet."), 503);
      }
      return c.json(shaped(Health, { ok: true }));
    },
  );

  app.route("/v1/reps", reps);
  app.route("/v1/customers", customers);
  app.route("/v1/api-keys", apiKeys);
  app.route("/v1/audit", audit);
  app.route("/v1/invitations", invitations);
  app.route("/v1/campaigns", campaigns);
  app.route("/v1/jobs", jobs);
  app.route("/v1/ses/notifications", sesEvents);
  app.route("/s", survey);
  app.route("/u", unsubscribe);
  app.route("/v1/me", me);
  app.route("/v1/reps", repScorecards);
  app.route("/v1/plans", plans);
  app.route("/v1/surveys", surveys);
  app.route("/v1/bonus-inputs", bonusInputs);
  app.route("/v1/periods", periods);
  app.route("/v1/follow-ups", followUps);
  app.route("/v1/insights", insights);
  app.route("/v1/recovery-plan", recoveryPlan);
  app.route("/auth", signIn);
  app.route("/dashboard", dashboard);
  app.get("/", (c) => c.redirect("/dashboard", 303));

  let built: ReturnType<typeof document> | undefined;
  const spec = () => (built ??= document(app, { title: `${config().orgName} · Rapport API`, version: VERSION, serverUrl: config().appUrl }));
  app.get("/openapi.json", async (c) => c.json(await spec()));
  app.get("/docs", async (c) => {
    const { renderDocs } = await import("@rapport/web/docs");
    return c.html(renderDocs(await spec()));
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
