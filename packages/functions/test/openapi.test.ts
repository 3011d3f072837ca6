import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";
import { Hono } from "hono";
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, everyRoute } from "../src/api/app.ts";
import { describe as describeRoute, document } from "../src/api/openapi.ts";
import { aCustomer, answerForm, bearer, email } from "../../../test/support/fixtures.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const app = createApp();

type Json = Record<string, any>;
let doc: Json;
let operations: { key: string; op: Json }[];

/** The routes served to browsers that the JSON API document leaves out, and why. */
const browserOnly: Record<string, string> = {
  "GET /": "redirects a browser to the dashboard",
  "GET /openapi.json": "the document itself",
  "GET /docs": "the document rendered as a page",
  "GET /s/local-zone.js": "a script the onboarding page loads",
  "GET /s/{token}": "the customer's form page, opened from an email; machine callers post answers to POST /s/{token}, which is documented",
  "GET /s/{token}/thanks": "the page after a form post",
  "GET /u/{token}": "the unsubscribe page; its button posts to POST /u/{token}, which is documented",
  "GET /auth/login": "the sign-in page; machine callers use POST /auth/login, which is documented",
  "GET /auth/callback": "the page a magic link opens: a button, so mail scanners cannot use the link up",
  "POST /auth/callback": "that button's form post: needs the page's CSRF value and answers with a cookie and a redirect",
  "POST /auth/logout": "the dashboard's sign-out form (CSRF value)",
  "GET /admin": "the admin console's home page, for a signed-in admin",
  "GET /admin/campaigns": "the console page that lists campaigns and starts one (a form posting to itself)",
  "POST /admin/campaigns": "the start form's post: starts a campaign as the documented POST /v1/campaigns does, then redirects to its page",
  "GET /admin/campaigns/{id}": "one campaign's progress page; its script reads the documented GET /v1/campaigns/{id} with the admin's session",
  "POST /admin/campaigns/{id}/cancel": "the cancel button's post, as the documented POST /v1/campaigns/{id}/cancel",
  "GET /admin/campaign.js": "the script the campaign page loads",
  "GET /admin/plan": "the console page that edits the compensation plan; its script calls the documented /v1/plans and /v1/surveys/current routes with the admin's session",
  "GET /admin/plan.js": "the script the plan page loads",
  "GET /admin/api-keys": "the console page that lists, creates and revokes API keys",
  "POST /admin/api-keys": "the create form's post, as the documented POST /v1/api-keys; its answer shows the secret once",
  "POST /admin/api-keys/{id}/revoke": "the revoke button's post, as the documented DELETE /v1/api-keys/{id}",
  "GET /admin/audit": "the console page that reads the audit log with filters, as the documented GET /v1/audit",
  "GET /admin/webhooks": "the console page that lists webhook subscriptions and makes one (a form posting to itself)",
  "POST /admin/webhooks": "the create form's post, as the documented POST /v1/webhooks; its answer shows the signing secret once",
  "GET /admin/webhooks/{id}": "one subscription's console page with its delivery log, as the documented GET /v1/webhooks/{id}",
  "POST /admin/webhooks/{id}/test": "the Send test event button's post, as the documented POST /v1/webhooks/{id}/test",
  "POST /admin/webhooks/{id}/enable": "the enable button's post, as the documented POST /v1/webhooks/{id}/enable",
  "POST /admin/webhooks/{id}/delete": "the delete button's post, as the documented DELETE /v1/webhooks/{id}",
  "GET /admin/periods": "the console page that lists recent periods with their close and reopen forms",
  "POST /admin/periods/{period}/close": "the close form's post, as the documented POST /v1/periods/{period}/close",
  "POST /admin/periods/{period}/reopen": "the reopen form's post, as the documented POST /v1/periods/{period}/reopen",
  "GET /admin/teams": "the console page that lists teams and creates one (a form posting to itself), as the documented /v1/teams",
  "POST /admin/teams": "the create form's post, as the documented POST /v1/teams, then a redirect to the team's page",
  "GET /admin/teams/{id}": "one team's edit page (its form carries the version read), as the documented GET /v1/teams/{id}",
  "POST /admin/teams/{id}": "the team edit form's post, as the documented PATCH /v1/teams/{id} with If-Match",
  "POST /admin/teams/{id}/active": "the deactivate or reactivate button's post, as PATCH /v1/teams/{id} with active",
  "GET /admin/reps": "the console page that lists reps with filters and pages, and adds one, as the documented /v1/reps",
  "POST /admin/reps": "the add form's post, as the documented POST /v1/reps",
  "GET /admin/reps/{id}": "one rep's edit page (its form carries the version read), as the documented GET /v1/reps/{id}",
  "POST /admin/reps/{id}": "the rep edit form's post, as the documented PATCH /v1/reps/{id} with If-Match",
  "POST /admin/reps/{id}/active": "the deactivate or reactivate button's post, as DELETE or PATCH /v1/reps/{id}",
  "GET /admin/customers": "the console page that searches customers with filters and pages, as the documented GET /v1/customers",
  "GET /admin/customers/{id}": "one customer's edit page with the export link and the way to erase, as the documented GET /v1/customers/{id}",
  "POST /admin/customers/{id}": "the customer edit form's post, as the documented PATCH /v1/customers/{id} with If-Match",
  "POST /admin/customers/{id}/active": "the deactivate or reactivate button's post, as DELETE or PATCH /v1/customers/{id}",
  "GET /admin/customers/{id}/erase": "the page that says what erasing keeps and removes, and asks to confirm",
  "POST /admin/customers/{id}/erase": "that page's button, as the documented POST /v1/customers/{id}/erase",
  "GET /admin/import": "the console page that uploads a customers or reps CSV file and lists the latest imports",
  "POST /admin/import": "the upload form's post (multipart, up to 2 MB): every bad row answered, or an import job and a redirect to its page",
  "GET /admin/import/{id}": "one import job's progress and report page",
  "POST /admin/import/{id}/requeue": "that page's button that gives the rows not yet written to the worker again",
  "GET /admin/import/{id}/progress": "that page's counts as JSON, read by its script with the admin's session",
  "GET /admin/import.js": "the script the import job page loads",
  "GET /dashboard": "the rep's or manager's dashboard page",
  "GET /dashboard/reps/{repId}": "one rep's dashboard page, for their manager",
  "POST /dashboard/follow-ups/{id}/resolve": "the dashboard's resolve form (CSRF value); machine callers use POST /v1/follow-ups/{id}/resolve",
  "GET /p/{token}": "the customer's \"What we know about you\" page, opened from the link in every email",
  "GET /r/{token}": "the confirm page a one-tap link in \"Did we make it right?\" or \"How are things now?\" opens; records nothing",
  "POST /r/{token}": "that page's Send button (CSRF value): records the customer's answer once",
  "POST /p/{token}/delete": "that page's Delete buttons (CSRF value), for the customer's own items",
  "POST /p/{token}/withdraw": "that page's Withdraw my consent button (CSRF value)",
  "GET /c/{token}": "the customer's concern form, opened from the link in every email and thank-you page; it posts to POST /c/{token}, which is documented",
  "GET /c/{token}/sent": "the page after a concern was raised: who will contact the customer and by when",
  "GET /dashboard/customers/{id}": "a customer's secrets manual page for their rep and manager; machine callers use GET /v1/customers/{id}/profile",
  "POST /dashboard/customers/{id}/notes": "that page's note form (CSRF value); machine callers use POST /v1/customers/{id}/notes",
};

const METHODS = ["get", "put", "post", "delete", "patch"];

/** The paths of the fields in `value` that the component `name` does not declare (following $ref, anyOf and items). */
function undeclared(value: unknown, name: string): string[] {
  const walk = (node: unknown, schema: Json, path: string): string[] => {
    if (schema.$ref) return walk(node, doc.components.schemas[String(schema.$ref).split("/").pop()!], path);
    if (schema.anyOf) return node === null ? [] : walk(node, schema.anyOf.find((s: Json) => s.type !== "null") ?? {}, path);
    if (Array.isArray(node)) return node.flatMap((item, i) => walk(item, schema.items ?? {}, `${path}[${i}]`));
    if (!node || typeof node !== "object" || !schema.properties || schema.additionalProperties !== undefined) return [];
    return Object.entries(node).flatMap(([key, child]) => (key in schema.properties ? walk(child, schema.properties[key], `${path}.${key}`) : [`${path}.${key}`]));
  };
  return walk(value, { $ref: `#/components/schemas/${name}` }, name);
}
const ERROR = "#/components/schemas/Error";

beforeAll(async () => {
  doc = await (await app.request("/openapi.json")).json();
  operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op: op as Json })),
  );
});

describe("the published contract", () => {
  it("is OpenAPI 3.1 that swagger-parser validates", async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("passes redocly lint with the recommended rules: no error and no warning", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rapport-openapi-"));
    try {
      const file = join(dir, "openapi.json");
      await writeFile(file, JSON.stringify(doc, null, 2));
      const run = promisify(execFile);
      const args = ["lint", file, "--config", join(root, "redocly.yaml"), "--format", "json"];
      const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
      const { stdout } = await run(join(root, "node_modules/.bin/redocly"), args, { env, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
      const report = JSON.parse(stdout.slice(stdout.indexOf("{")));
      const problems = (report.problems as { ruleId: string; message: string; location: { pointer: string }[] }[]).map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it("gives every operation a unique camelCase operationId, a summary, a description and a declared tag", () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(operations.length);
    const tags = new Set((doc.tags as { name: string }[]).map((t) => t.name));
    for (const { key, op } of operations) {
      expect(op.operationId, key).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(op.summary, key).toBeTruthy();
      expect(op.description, key).toBeTruthy();
      expect(op.tags.length, key).toBe(1);
      expect(tags.has(op.tags[0]), key).toBe(true);
    }
  });

  it("answers every 4xx with the shared error body", () => {
    let seen = 0;
    for (const { key, op } of operations) {
      for (const [status, answer] of Object.entries(op.responses as Json)) {
        if (Number(status) < 400) continue;
        seen++;
        expect(answer.content["application/json"].schema.$ref, `${key} ${status}`).toBe(ERROR);
      }
    }
    expect(seen).toBeGreaterThan(operations.length);
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
  });

  it("documents 401 and 403 where credentials apply, and a 4xx wherever there is input", () => {
    for (const { key, op } of operations) {
      const schemes = (op.security as Json[]).flatMap((s) => Object.keys(s));
      const statuses = Object.keys(op.responses);
      if (schemes.length) expect(statuses, key).toContain("401");
      // Every operation a key reaches refuses a key of another scope (none takes all three).
      const scopes = (op.security as Json[]).flatMap((s) => (s.apiKey as string[] | undefined) ?? []);
      if (scopes.length) expect(statuses, key).toContain("403");
      if (op.parameters?.length || op.requestBody) expect(statuses.some((s) => s === "400" || s === "404"), key).toBe(true);
      // The one operation without a 4xx (the reason operation-4xx-response is off in redocly.yaml).
      if (key !== "GET /health") expect(statuses.some((s) => s.startsWith("4")), key).toBe(true);
    }
    expect(doc.paths["/v1/invitations/{id}"].get.responses["404"]).toBeDefined();
    expect(doc.paths["/s/{token}"].post.responses["410"].description).toMatch(/expired/i);
  });

  it("declares every path parameter with a schema", () => {
    for (const { key, op } of operations) {
      const names = [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p: Json) => p.in === "path");
      expect(declared.map((p: Json) => p.name).sort(), key).toEqual(names.sort());
      for (const p of declared) expect(p.schema.type, `${key} ${p.name}`).toBe("string");
    }
  });

  it("names every request and response body as a component with an example", () => {
    const refsOf = (schema: Json): string[] => (schema.anyOf ? schema.anyOf.map((s: Json) => s.$ref) : [schema.$ref]);
    for (const { key, op } of operations) {
      const bodies = [
        ...Object.entries((op.requestBody?.content ?? {}) as Json).map(([type, media]) => [`request ${type}`, media] as const),
        ...Object.entries(op.responses as Json).flatMap(([status, r]) =>
          Object.entries((r.content ?? {}) as Json)
            .filter(([type]) => type !== "text/csv")
            .map(([type, media]) => [`${status} ${type}`, media] as const),
        ),
      ];
      for (const [where, media] of bodies) {
        for (const ref of refsOf(media.schema)) {
          expect(ref, `${key} ${where}`).toMatch(/^#\/components\/schemas\/[A-Z][A-Za-z]+$/);
          const component = doc.components.schemas[ref.split("/").pop()!];
          expect(component?.examples?.length, `${key} ${where}: ${ref}`).toBeGreaterThan(0);
        }
      }
    }
    expect(doc.paths["/v1/reps"].post.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/RepInput");
    expect(doc.paths["/v1/follow-ups"].get.responses["200"].content["application/json"].schema.$ref).toBe("#/components/schemas/FollowUpList");
    expect(doc.components.schemas.FollowUpList.properties.items.items.$ref).toBe("#/components/schemas/FollowUp");
  });

  it("applies the API key (bearer) and the session cookie per operation", () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.session).toMatchObject({ type: "apiKey", in: "cookie", name: "rapport_session" });
    expect(doc.paths["/v1/bonus-inputs"].get.security).toEqual([{ apiKey: ["finance"] }, { apiKey: ["bonus:read"] }]);
    expect(doc.paths["/v1/api-keys"].get.security).toEqual([{ apiKey: ["admin"] }]);
    expect(doc.paths["/v1/follow-ups"].get.security).toEqual([{ apiKey: ["admin"] }, { session: [] }]);
    expect(doc.paths["/v1/me/scorecard"].get.security).toEqual([{ session: [] }]);
    expect(doc.paths["/s/{token}"].post.security).toEqual([]);
  });

  it("documents every served route, or leaves a browser page out with a reason; HTML answers are text/html", async () => {
    // The app's own routes and those of every lazily mounted group.
    const served = new Set([...app.routes, ...(await everyRoute()).routes].filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`));
    const documented = new Set(operations.map((o) => o.key));
    for (const route of served) expect(documented.has(route) || route in browserOnly, `${route} is neither documented nor listed as a browser page`).toBe(true);
    for (const [route, reason] of Object.entries(browserOnly)) {
      expect(served.has(route), `${route} is no longer served`).toBe(true);
      expect(documented.has(route), `${route} is listed as a browser page but documented`).toBe(false);
      expect(reason.length).toBeGreaterThan(10);
    }
    const unsubscribe = doc.paths["/u/{token}"].post;
    expect(Object.keys(unsubscribe.responses["200"].content).sort()).toEqual(["application/json", "text/html"]);
    expect(Object.keys(unsubscribe.requestBody.content).sort()).toEqual(["application/json", "application/x-www-form-urlencoded"]);
  });

  it("documents the bonus CSV with the columns the server sends", async () => {
    const csv = doc.paths["/v1/bonus-inputs"].get.responses["200"].content["text/csv"];
    const documented = (csv.example as string).split("\r\n")[0]!.split(",");
    for (const column of documented) expect(csv.schema.description).toContain(`\`${column}\``);
    const res = await app.request("/v1/bonus-inputs?period=2026-Q1", { headers: { authorization: await bearer("finance"), accept: "text/csv" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect((await res.text()).split("\r\n")[0]!.split(",")).toEqual(documented);
    // One row shape: the JSON rows are the BonusRow component, whose fields are the CSV's columns (plus the
    // period, and one line per component instead of the list of components).
    expect(doc.components.schemas.BonusInputs.properties.rows.items.$ref).toBe("#/components/schemas/BonusRow");
    const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const fields = Object.keys(doc.components.schemas.BonusRow.properties).map(snake);
    expect(documented.filter((c) => c !== "period" && c !== "component")).toEqual(fields.filter((f) => f !== "components"));
  });

  it("declares every field the server sends for a rep, a customer who has answered, and their recovery case", async () => {
    const admin = await bearer("admin");
    const post = (path: string, init: RequestInit) => app.request(path, init);
    const created = await app.request("/v1/reps", {
      method: "POST",
      headers: { authorization: admin, "content-type": "application/json" },
      body: JSON.stringify({ name: "Ana Ruiz", email: email("rep"), managerEmail: email("manager"), team: "West", timezone: "Europe/Madrid" }),
    });
    const rep = await created.json();
    expect(created.status).toBe(201);
    const customer = await aCustomer(rep.id, { company: "Northwind", valueTier: "A" });
    await answerForm(post, customer.id, "onboarding", { channel: "phone", contact: "+34 612 345 678", timezone: "Europe/Madrid", cadence: "weekly", responseTime: "4h", interests: ["growth"] });
    await answerForm(post, customer.id, "report-card", { ratings: { listening: 2 }, improve: "Call back", aboutMe: "I sail on weekends", contactOk: true, shareName: true });
    const read = async (path: string) => (await app.request(path, { headers: { authorization: admin } })).json();
    const customers = await read(`/v1/customers?repId=${rep.id}`);
    const followUps = await read(`/v1/follow-ups?repId=${rep.id}`);
    expect(undeclared(rep, "Rep")).toEqual([]);
    expect(rep.timezone).toBe("Europe/Madrid");
    expect(undeclared(customers, "CustomerPage")).toEqual([]);
    expect(customers.items[0]).toMatchObject({ preferences: { channel: "phone" }, aboutMe: "I sail on weekends" });
    expect(undeclared(followUps, "FollowUpList")).toEqual([]);
    expect(followUps.items[0]).toMatchObject({ kind: "recovery", repName: "Ana Ruiz", customerName: customer.name });
    expect(followUps.items[0]).not.toHaveProperty("managerEmail");
  });

  it("refuses to publish a body that is not a named component", async () => {
    const unnamed = new Hono().post(
      "/things",
      describeRoute({ operationId: "createThing", summary: "s", description: "d", tags: ["Reps"], security: ["public"], body: { schema: v.object({ a: v.string() }), required: true }, responses: {} }),
      (c) => c.body(null, 204),
    );
    await expect(document(unnamed, { title: "t", version: "1", serverUrl: "http://x" })).rejects.toThrow(/POST \/things body: name the schema/);
  });
});
