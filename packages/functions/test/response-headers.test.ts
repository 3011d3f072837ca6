import { beforeAll, describe, expect, it } from "vitest";
import { Invitation } from "@rapport/core/invitation/index";
import { Admin } from "@rapport/core/admin/index";
import { ApiKey } from "@rapport/core/api-key/index";
import { Campaign } from "@rapport/core/campaign/index";
import { Profile } from "@rapport/core/profile/index";
import { Concern } from "@rapport/core/concern/index";
import { Suppression } from "@rapport/core/suppression/index";
import { Verdict } from "@rapport/core/followup/verdict";
import { ImportJobs } from "@rapport/core/import/job";
import { Team } from "@rapport/core/team/index";
import { Webhook } from "@rapport/core/webhook/index";
import { createApp, everyRoute } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();
const cli = { kind: "cli", id: "test" } as const;

/** The answers a cache may keep, and for how long; every other answer is `no-store`. */
const CACHEABLE: Record<string, string> = {
  "GET /openapi.json": "public, max-age=300",
  "GET /docs": "public, max-age=300",
  "GET /s/local-zone.js": "public, max-age=3600",
  "GET /admin/campaign.js": "no-cache",
  "GET /admin/plan.js": "no-cache",
  "GET /admin/import.js": "no-cache",
};

interface Call {
  /** The route as Hono lists it (`GET /s/:token`), to prove every served route was walked. */
  route: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The answer depends on the session cookie. */
  session: boolean;
}

let calls: Call[] = [];
let routes: string[] = [];

beforeAll(async () => {
  const manager = email("manager");
  const rep = await aRep({ managerEmail: manager });
  const customer = await aCustomer(rep.id);
  const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli);
  if (!("invitation" in created)) throw new Error("not invited");
  const token = Invitation.tokenOf(created.invitation.id);
  const unsubscribe = Suppression.unsubscribeToken(customer.email);
  // An email makes the customer's "What we know about you" link work.
  await Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli);
  const profile = Profile.linkToken(customer.id);
  const concern = Concern.token(customer.id);
  // A question link that opens no follow-up: its page (404) answers with the same headers as any.
  const verdict = Verdict.verdictToken({ id: "fup_01JD0000000000000000000000", kind: "recovery", status: "resolved" }, new Date());
  const [admin, finance, repCookie, managerCookie] = await Promise.all([bearer("admin"), bearer("finance"), sessionCookie(rep.email), sessionCookie(manager)]);
  const adminEmail = email("console");
  await Admin.add({ email: adminEmail, name: "Console Admin" }, cli);
  const adminCookie = await sessionCookie(adminEmail);
  const campaign = await Campaign.start({ kind: "report-card", repId: rep.id }, cli);
  const apiKey = await ApiKey.create({ name: "spare", scopes: ["reps:read"] }, cli);
  const team = await Team.create({ name: "Headers", managerEmail: manager }, cli);
  const started = await ImportJobs.start({ name: "h.csv", text: `name,email,rep_email\nH,h.${Date.now()}@customers.example,${rep.email}` }, cli);
  if (!("job" in started)) throw new Error("no import job");
  const importJob = started.job;
  const webhook = await Webhook.create({ url: "http://127.0.0.1:9/headers", events: ["case.opened"] }, cli);

  // Every documented JSON operation, with no credentials, with its key and, where it takes one, a session.
  const spec = await (await app.request("/openapi.json")).json();
  const values: Record<string, string> = { repId: rep.id, id: created.invitation.id, token, period: "2026-Q4", version: "1" };
  for (const [template, operations] of Object.entries(spec.paths as Record<string, Record<string, { security?: Record<string, string[]>[] }>>)) {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "x1");
    for (const [lower, op] of Object.entries(operations)) {
      const method = lower.toUpperCase();
      const route = `${method} ${template.replace(/\{(\w+)\}/g, ":$1")}`;
      const session = (op.security ?? []).some((s) => "session" in s);
      const key = (op.security ?? []).flatMap((s) => s.apiKey ?? [])[0];
      const body = method === "GET" ? undefined : "{}";
      const json = { "content-type": "application/json" };
      calls.push({ route, method, path, headers: json, body, session });
      if (key) calls.push({ route, method, path, headers: { ...json, authorization: key === "finance" ? finance : admin }, body, session });
      if (session) calls.push({ route, method, path, headers: { ...json, cookie: repCookie }, body, session });
    }
  }
  // The pages and assets, which the document leaves out.
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const pages: Omit<Call, "method">[] = [
    { route: "GET /", path: "/", session: false },
    { route: "GET /openapi.json", path: "/openapi.json", session: false },
    { route: "GET /docs", path: "/docs", session: false },
    // The console: for a signed-in admin (a visitor is sent to sign in; forms without their csrf are 403 pages).
    ...[
      "/admin",
      "/admin/campaigns",
      `/admin/campaigns/${campaign.id}`,
      "/admin/plan",
      "/admin/api-keys",
      "/admin/audit",
      "/admin/periods",
      "/admin/teams",
      `/admin/teams/${team.id}`,
      "/admin/reps",
      `/admin/reps/${rep.id}`,
      "/admin/customers",
      `/admin/customers/${customer.id}`,
      `/admin/customers/${customer.id}/erase`,
      "/admin/import",
      `/admin/import/${importJob.id}`,
      `/admin/import/${importJob.id}/progress`,
      "/admin/webhooks",
      `/admin/webhooks/${webhook.id}`,
    ].flatMap((path) => [
      { route: `GET ${path.replace(/(cmp|team|rep|cus|imp|whk)_\w+/, ":id")}`, path, headers: { cookie: adminCookie }, session: true },
      { route: `GET ${path.replace(/(cmp|team|rep|cus|imp|whk)_\w+/, ":id")}`, path, session: true },
    ]),
    ...[
      ["/admin/campaigns", "/admin/campaigns"],
      ["/admin/campaigns/:id/cancel", `/admin/campaigns/${campaign.id}/cancel`],
      ["/admin/api-keys", "/admin/api-keys"],
      ["/admin/api-keys/:id/revoke", `/admin/api-keys/${apiKey.id}/revoke`],
      ["/admin/periods/:period/close", "/admin/periods/2026-Q1/close"],
      ["/admin/periods/:period/reopen", "/admin/periods/2026-Q1/reopen"],
      ["/admin/teams", "/admin/teams"],
      ["/admin/teams/:id", `/admin/teams/${team.id}`],
      ["/admin/teams/:id/active", `/admin/teams/${team.id}/active`],
      ["/admin/reps", "/admin/reps"],
      ["/admin/reps/:id", `/admin/reps/${rep.id}`],
      ["/admin/reps/:id/active", `/admin/reps/${rep.id}/active`],
      ["/admin/customers/:id", `/admin/customers/${customer.id}`],
      ["/admin/customers/:id/active", `/admin/customers/${customer.id}/active`],
      ["/admin/customers/:id/erase", `/admin/customers/${customer.id}/erase`],
      ["/admin/import", "/admin/import"],
      ["/admin/import/:id/requeue", `/admin/import/${importJob.id}/requeue`],
      ["/admin/webhooks", "/admin/webhooks"],
      ["/admin/webhooks/:id/test", `/admin/webhooks/${webhook.id}/test`],
      ["/admin/webhooks/:id/enable", `/admin/webhooks/${webhook.id}/enable`],
      ["/admin/webhooks/:id/delete", `/admin/webhooks/${webhook.id}/delete`],
    ].map(([route, path]) => ({ route: `POST ${route}`, path: path!, headers: { ...form, cookie: adminCookie }, body: "", session: true })),
    { route: "GET /admin/campaign.js", path: "/admin/campaign.js", session: false },
    { route: "GET /admin/plan.js", path: "/admin/plan.js", session: false },
    { route: "GET /admin/import.js", path: "/admin/import.js", session: false },
    { route: "GET /auth/login", path: "/auth/login", session: false },
    { route: "GET /auth/callback", path: `/auth/callback?token=${"a".repeat(43)}`, session: false },
    { route: "POST /auth/callback", path: "/auth/callback", headers: form, body: `token=${"a".repeat(43)}`, session: false },
    { route: "POST /auth/logout", path: "/auth/logout", headers: { ...form, cookie: repCookie }, body: "", session: false },
    { route: "GET /dashboard", path: "/dashboard", headers: { cookie: repCookie }, session: true },
    { route: "GET /dashboard", path: "/dashboard", session: true },
    { route: "GET /dashboard/reps/:repId", path: `/dashboard/reps/${rep.id}`, headers: { cookie: managerCookie }, session: true },
    { route: "POST /dashboard/follow-ups/:id/resolve", path: "/dashboard/follow-ups/fol_x/resolve", headers: { ...form, cookie: repCookie }, body: "note=done", session: true },
    { route: "GET /s/:token", path: `/s/${token}`, session: false },
    { route: "GET /s/:token", path: `/s/${token}?score=4`, session: false },
    { route: "GET /s/:token/thanks", path: `/s/${token}/thanks`, session: false },
    { route: "POST /s/:token", path: `/s/${token}`, headers: form, body: "listening=5", session: false },
    { route: "GET /s/local-zone.js", path: "/s/local-zone.js", session: false },
    { route: "GET /u/:token", path: `/u/${unsubscribe}`, session: false },
    { route: "POST /u/:token", path: `/u/${unsubscribe}`, headers: form, body: "List-Unsubscribe=One-Click", session: false },
    { route: "GET /p/:token", path: `/p/${profile}`, session: false },
    { route: "GET /r/:token", path: `/r/${verdict}?score=4`, session: false },
    { route: "POST /r/:token", path: `/r/${verdict}`, headers: form, body: "rating=4", session: false },
    { route: "POST /p/:token/delete", path: `/p/${profile}/delete`, headers: form, body: "item=x", session: false },
    { route: "POST /p/:token/withdraw", path: `/p/${profile}/withdraw`, headers: form, body: "", session: false },
    { route: "GET /c/:token", path: `/c/${concern}`, session: false },
    { route: "GET /c/:token/sent", path: `/c/${concern}/sent?reply=anonymous`, session: false },
    { route: "POST /c/:token", path: `/c/${concern}`, headers: form, body: "what=x", session: false },
    { route: "GET /dashboard/customers/:id", path: `/dashboard/customers/${customer.id}`, headers: { cookie: repCookie }, session: true },
    { route: "POST /dashboard/customers/:id/notes", path: `/dashboard/customers/${customer.id}/notes`, headers: { ...form, cookie: repCookie }, body: "text=hi", session: true },
    { route: "GET /nothing-here", path: "/nothing-here", session: false },
  ];
  calls.push(...pages.map((p) => ({ ...p, method: p.body === undefined ? "GET" : "POST" })));
  routes = (await everyRoute()).routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`);
});

describe("every answer", () => {
  it("walks every route the app serves", () => {
    const walked = new Set(calls.map((c) => c.route));
    expect(routes.filter((route) => !walked.has(route))).toEqual([]);
  });

  it("is no-store unless it is a static asset or a public document, and varies by Cookie where the session decides it", async () => {
    const wrong: string[] = [];
    for (const call of calls) {
      const res = await app.request(call.path, { method: call.method, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}) });
      const what = `${call.method} ${call.path} (${res.status}${call.headers?.cookie ? ", signed in" : call.headers?.authorization ? ", with a key" : ""})`;
      const cache = res.headers.get("cache-control");
      if (cache !== (CACHEABLE[call.route] ?? "no-store")) wrong.push(`${what}: Cache-Control ${cache}`);
      const vary = (res.headers.get("vary") ?? "").split(/\s*,\s*/);
      if (call.session && !vary.includes("Cookie")) wrong.push(`${what}: Vary ${vary.join(",")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("carries the secure headers: a CSP with no inline script and no framing, no Referer sent, no sniffing", async () => {
    const wrong: string[] = [];
    for (const call of calls) {
      const res = await app.request(call.path, { method: call.method, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}) });
      const what = `${call.method} ${call.path} (${res.status})`;
      const csp = Object.fromEntries((res.headers.get("content-security-policy") ?? "").split(/\s*;\s*/).map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
      if (JSON.stringify(csp["script-src"]) !== JSON.stringify(["'self'"])) wrong.push(`${what}: script-src ${csp["script-src"]}`);
      if (JSON.stringify(csp["frame-ancestors"]) !== JSON.stringify(["'none'"])) wrong.push(`${what}: frame-ancestors ${csp["frame-ancestors"]}`);
      if (JSON.stringify(csp["object-src"]) !== JSON.stringify(["'none'"])) wrong.push(`${what}: object-src ${csp["object-src"]}`);
      if (res.headers.get("referrer-policy") !== "no-referrer") wrong.push(`${what}: Referrer-Policy ${res.headers.get("referrer-policy")}`);
      if (res.headers.get("x-content-type-options") !== "nosniff") wrong.push(`${what}: X-Content-Type-Options`);
      if (res.headers.get("x-frame-options") !== "DENY") wrong.push(`${what}: X-Frame-Options ${res.headers.get("x-frame-options")}`);
    }
    expect(wrong).toEqual([]);
  });
});
