import type { Hono, MiddlewareHandler } from "hono";
import * as v from "valibot";
import type { GenericSchema } from "valibot";
import { Csv } from "@rapport/core/csv/index";
import { scopes, type Scope } from "@rapport/core/api-key/scopes";
import { MAX_BODY_BYTES } from "./body-size.ts";

const META = Symbol.for("rapport.openapi");

type Target = "json" | "query" | "param";
/** The API key scopes (as core's api-key module names them), then the session and no credentials at all. */
const keyScopes = scopes;
type Security = Scope | "session" | "public";
const isScope = (s: Security): s is Scope => (keyScopes as readonly string[]).includes(s);

/** The document's tags, in reading order, each with what it groups. */
const TAGS = {
  Reps: "The sales reps customers rate, and who they report to.",
  Teams: "Teams of reps: a name, a manager every rep of the team reports to, and the team's Slack webhook.",
  Customers: "The customers a rep owns; each is surveyed at most once every 60 days.",
  Invitations: "Onboarding forms and report cards sent to customers, one at a time.",
  Campaigns: "Report cards to many customers at once, sent in the background; their progress, and stopping them.",
  "Customer forms": "What a customer's email links call: submitting a form, raising a concern, unsubscribing. No API key: the link's token is the credential.",
  Scores: "Score cards: a rep's raw and adjusted score per behaviour and period.",
  Compensation: "The compensation plan, the bonus inputs finance reads, and closing a period.",
  "Follow-ups": "Recovery cases, check-ins and touches a rep owes their customers, and what they add up to.",
  Surveys: "The behaviours the report card asks about.",
  Audit: "Who changed what, when.",
  Events: "What a CRM tells Rapport happened (a deal won or lost): each sends the customer the right form. `Idempotency-Key` makes a retry safe.",
  Webhooks: "What Rapport tells your systems happened: signed events (Standard Webhooks) to the URLs you subscribe, retried for 24 hours, with a delivery log.",
  Admins: "The people who run the organization from the admin console at /admin, signed in by magic link.",
  "API keys": "Keys for machine callers, each with its scopes (admin, finance, events:write and the narrower read and write grants).",
  "Sign-in": "Magic-link sign-in for reps, managers and admins (the session cookie).",
  Operations: "Health, the scheduled job and SES notifications, for operators.",
} as const;

export type Tag = keyof typeof TAGS;

/** One documented answer: a description, and for a success its JSON schema (a named component). */
export type Answer =
  | string
  | {
      description: string;
      /** The JSON body; an error answer (4xx/5xx) without one carries the shared Error body. */
      schema?: GenericSchema;
      /** Browsers get an HTML page for this status (form posts), JSON callers the JSON body. */
      html?: boolean;
      /** Callers sending `Accept: text/csv` get this rendering of the JSON body instead. */
      csv?: (body: never) => string;
      /** What the CSV's rows are, when not the bonus inputs' (one row per rep, four decimals). */
      csvRows?: string;
      /** Headers this answer may carry beyond the request id (documented as optional unless `required`). */
      headers?: Record<string, { description: string; schema: Record<string, unknown>; required?: boolean }>;
    };

export interface Operation {
  /** camelCase and stable: generated clients name their methods after it. */
  operationId: string;
  summary: string;
  description: string;
  tags: [Tag];
  security: Security[];
  /** Path parameters of a route that reads them itself rather than through `validate("param")`. */
  params?: GenericSchema;
  /** Request headers the route reads itself (such as `Idempotency-Key`): an object schema, one entry per header. */
  headers?: GenericSchema;
  /**
   * The body of a route that reads it itself rather than through `validate("json")`: one named component, or
   * a choice of them. A choice may be a function that loads and names it, when its module is heavy and only
   * this route uses it: the document calls it when it is built.
   */
  body?: { schema: GenericSchema | (GenericSchema | (() => Promise<GenericSchema>))[]; required: boolean; form?: boolean };
  /** The answers particular to this route. 400 follows from `validate()`, 401 and 403 from `security`; a description given here replaces theirs. */
  responses: Record<number, Answer>;
}

type Tagged = MiddlewareHandler & { [META]?: { operation?: Operation; input?: { target: Target; schema: GenericSchema } } };

/** A no-op middleware that carries the route's OpenAPI description; `document()` reads it back. */
export function describe(operation: Operation): MiddlewareHandler {
  const handler: Tagged = async (_c, next) => {
    await next();
  };
  handler[META] = { operation };
  return handler;
}

/** Marks a validator middleware with the schema it applies, so the document shows the input. */
export function tagInput<T extends MiddlewareHandler>(handler: T, target: Target, schema: GenericSchema): T {
  (handler as Tagged)[META] = { input: { target, schema } };
  return handler;
}

const components = new Map<GenericSchema, { name: string; example: unknown }>();

/**
 * Names `schema` as `components.schemas[name]` of the document, with an example (checked against the
 * schema when the document is built). Every request and response body is one. Returns the schema itself.
 */
export function component<T extends GenericSchema>(name: string, schema: T, example: v.InferInput<T>): T {
  const known = components.get(schema);
  if (known && known.name !== name) throw new Error(`One schema cannot be both ${known.name} and ${name}.`);
  if ([...components].some(([s, c]) => c.name === name && s !== schema)) throw new Error(`Two schemas are named ${name}.`);
  components.set(schema, { name, example });
  return schema;
}

/** A body the route builds itself, typed by the schema its operation publishes: the route cannot answer another shape. */
export function shaped<T extends GenericSchema>(_schema: T, body: v.InferOutput<T>): v.InferOutput<T> {
  return body;
}

/** The shared error body of every 4xx and 5xx answer. */
export const ErrorSchema = component(
  "Error",
  v.object({
    error: v.object({
      code: v.pipe(v.string(), v.description("Stable and machine-readable, such as `invalid_input` or `unknown_rep`.")),
      message: v.pipe(v.string(), v.description("For people; may change.")),
      fields: v.optional(v.pipe(v.record(v.string(), v.string()), v.description("On a 400: each field that is wrong (dotted path) and what is wrong with it."))),
    }),
  }),
  { error: { code: "invalid_input", message: "Invalid email: email must be an email address.", fields: { email: "must be an email address" } } },
);

/** A server-rendered page, the answer a browser gets. */
export const HtmlPage = component("HtmlPage", v.pipe(v.string(), v.description("A complete HTML page.")), "<!doctype html><html lang=\"en\">…</html>");

type Json = Record<string, unknown>;
type ToJsonSchemaDefs = (typeof import("@valibot/to-json-schema"))["toJsonSchemaDefs"];
type ToJsonSchema = (typeof import("@valibot/to-json-schema"))["toJsonSchema"];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const requestId = { $ref: "#/components/headers/RequestId" };

function nameOf(schema: GenericSchema, where: string): string {
  const named = components.get(schema);
  if (!named) throw new Error(`${where}: name the schema with component() so the document can publish it.`);
  return named.name;
}

/** The answers that follow from an operation's validated input and its security, before the route's own. */
function derivedAnswers(op: Operation, validated: boolean, hasBody: boolean): Record<number, Answer> {
  const keys = op.security.filter(isScope);
  const session = op.security.includes("session");
  const out: Record<number, Answer> = {};
  if (validated) out[400] = "Invalid input: `error.fields` names each field that is wrong.";
  if (keys.length || session) out[401] = keys.length && session ? "No valid API key, and no signed-in session." : keys.length ? "No valid API key." : "Not signed in.";
  // A route open to every scope has no key that lacks one.
  if (keys.length && keyScopes.some((scope) => !keys.includes(scope))) out[403] = `The API key lacks the ${keys.join(" or ")} scope.`;
  if (keys.length) out[429] = "The API key has used its requests for this minute (600 unless the installation sets another allowance): wait the `Retry-After` seconds.";
  if (hasBody) out[413] = `The body is over ${MAX_BODY_BYTES / 1024} KB: refused before it is read.`;
  return out;
}

function parametersOf(toJsonSchema: ToJsonSchema, where: "path" | "query" | "header", schema: GenericSchema): Json[] {
  const json = toJsonSchema(schema, { target: "draft-2020-12", typeMode: "input", errorMode: "ignore" }) as Json;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries((json.properties ?? {}) as Record<string, Json>).map(([name, { description, ...schema }]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    ...(description ? { description } : {}),
    schema,
  }));
}

/** Keeps the components the document refers to, following references between them. */
function referenced(paths: unknown, schemas: Record<string, Json>): Record<string, Json> {
  const kept: Record<string, Json> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const target = (node as Json).$ref;
    if (typeof target === "string" && target.startsWith("#/components/schemas/")) {
      const name = target.slice("#/components/schemas/".length);
      if (!kept[name] && schemas[name]) {
        kept[name] = schemas[name];
        visit(schemas[name]);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(paths);
  return Object.fromEntries(Object.keys(schemas).filter((n) => kept[n]).map((n) => [n, kept[n]!]));
}

/**
 * Every named component as JSON Schema: request bodies as the input they accept, everything else as the
 * output it describes; a component used both ways must read the same. Each carries its example.
 */
function schemasOf(toJsonSchemaDefs: ToJsonSchemaDefs, requests: Set<GenericSchema>, responses: Set<GenericSchema>): Record<string, Json> {
  const defs = (mode: "input" | "output", schemas: GenericSchema[]) =>
    toJsonSchemaDefs(Object.fromEntries(schemas.map((s) => [components.get(s)!.name, s])), {
      target: "draft-2020-12",
      typeMode: mode,
      errorMode: "ignore",
      overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
      // A loose object passes unknown keys through; say so, since linters read a missing keyword as "closed".
      overrideSchema: ({ valibotSchema, jsonSchema }) => (valibotSchema.type === "loose_object" ? { ...jsonSchema, additionalProperties: true } : undefined),
    }) as Record<string, Json>;
  // By name, so the order does not depend on which components loaded first (some load with their route).
  const named = [...components.keys()].sort((a, b) => (components.get(a)!.name < components.get(b)!.name ? -1 : 1));
  const inputs = defs("input", [...requests]);
  const outputs = defs("output", named.filter((s) => !requests.has(s) || responses.has(s)));
  const out: Record<string, Json> = {};
  for (const schema of named) {
    const { name, example } = components.get(schema)!;
    const json = requests.has(schema) ? inputs[name]! : outputs[name]!;
    if (requests.has(schema) && responses.has(schema) && JSON.stringify(json) !== JSON.stringify(outputs[name])) {
      throw new Error(`${name} reads differently as a request and as a response: name the two with two schemas.`);
    }
    const checked = v.safeParse(schema, example);
    if (!checked.success) throw new Error(`The example of ${name} does not pass its schema: ${checked.issues.map((i) => i.message).join("; ")}`);
    out[name] = { ...json, examples: [example] };
  }
  return out;
}

/** The OpenAPI 3.1 document of every described route of `app` (the schema converter loads on first use). */
export async function document(app: Hono<any>, info: { title: string; version: string; serverUrl: string }) {
  const { toJsonSchema, toJsonSchemaDefs } = (await import("@valibot/to-json-schema")) as { toJsonSchema: ToJsonSchema; toJsonSchemaDefs: ToJsonSchemaDefs };
  const byRoute = new Map<string, { operation?: Operation; inputs: { target: Target; schema: GenericSchema }[] }>();
  for (const route of app.routes) {
    const meta = (route.handler as Tagged)[META];
    if (!meta) continue;
    const key = `${route.method.toLowerCase()} ${route.path}`;
    const entry = byRoute.get(key) ?? { inputs: [] };
    if (meta.operation) entry.operation = meta.operation;
    if (meta.input) entry.inputs.push(meta.input);
    byRoute.set(key, entry);
  }

  const requests = new Set<GenericSchema>();
  const responses = new Set<GenericSchema>();
  const operationIds = new Set<string>();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, { operation: op, inputs }] of byRoute) {
    if (!op) continue;
    const [method, honoPath] = key.split(" ") as [string, string];
    const path = honoPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const where = `${method.toUpperCase()} ${path}`;
    if (!/^[a-z][A-Za-z0-9]*$/.test(op.operationId)) throw new Error(`${where}: operationId ${op.operationId} is not camelCase.`);
    if (operationIds.has(op.operationId)) throw new Error(`${where}: operationId ${op.operationId} is used twice.`);
    operationIds.add(op.operationId);

    const parameters: Json[] = [];
    const pathSchema = op.params ?? inputs.find((i) => i.target === "param")?.schema;
    if (pathSchema) parameters.push(...parametersOf(toJsonSchema, "path", pathSchema));
    for (const input of inputs.filter((i) => i.target === "query")) parameters.push(...parametersOf(toJsonSchema, "query", input.schema));
    if (op.headers) parameters.push(...parametersOf(toJsonSchema, "header", op.headers));
    const declared = new Set(parameters.filter((p) => p.in === "path").map((p) => p.name));
    for (const name of path.match(/\{([^}]+)\}/g)?.map((m) => m.slice(1, -1)) ?? []) {
      if (!declared.has(name)) throw new Error(`${where}: declare the path parameter ${name} (validate("param", ...) or params).`);
    }

    const jsonBody = inputs.find((i) => i.target === "json")?.schema;
    const body = op.body ?? (jsonBody ? { schema: jsonBody, required: !v.safeParse(jsonBody, {}).success } : undefined);
    let requestBody: Json | undefined;
    if (body) {
      const choices = await Promise.all((Array.isArray(body.schema) ? body.schema : [body.schema]).map((s) => (typeof s === "function" ? s() : s)));
      choices.forEach((s) => requests.add(s));
      const refs = choices.map((s) => ref(nameOf(s, `${where} body`)));
      // anyOf, not oneOf: which of the choices applies is decided by the route (a survey link's form), and a
      // body may fit more than one (a report card's ratings alone also make a lost-deal card).
      const schema = refs.length === 1 ? refs[0] : { anyOf: refs };
      requestBody = {
        required: body.required,
        content: { "application/json": { schema }, ...(body.form ? { "application/x-www-form-urlencoded": { schema } } : {}) },
      };
    }

    const answers: Record<string, Json> = {};
    const all = { ...derivedAnswers(op, inputs.length > 0, Boolean(body)), ...op.responses };
    for (const [status, given] of Object.entries(all).sort(([a], [b]) => Number(a) - Number(b))) {
      const answer = typeof given === "string" ? { description: given } : given;
      const error = Number(status) >= 400;
      const schema = answer.schema ?? (error ? ErrorSchema : undefined);
      if (schema) responses.add(schema);
      const content: Json = {};
      if (schema) content["application/json"] = { schema: ref(nameOf(schema, `${where} ${status}`)) };
      if (answer.html) content["text/html"] = { schema: ref(nameOf(HtmlPage, "HtmlPage")) };
      const headers: Json = { "X-Request-Id": requestId };
      if (answer.csv && schema) {
        // The example as a reader that decodes UTF-8 shows it: without the byte-order mark the description names.
        const example = Csv.withoutBom(answer.csv(components.get(schema)!.example as never));
        const columns = example.split("\r\n")[0]!.split(",");
        const rows = answer.csvRows ?? "one row per rep and plan component: the JSON rows' fields in snake_case plus the period. Numbers have four decimals; an empty cell is no score.";
        content["text/csv"] = {
          schema: {
            type: "string",
            description: `RFC 4180 CSV (CRLF line ends) in UTF-8 starting with a byte-order mark (EF BB BF), so Excel opens it with accents intact; a text cell starting with = + - @ is prefixed with ' so no spreadsheet runs it as a formula. A header row, then ${rows} Columns: ${columns.map((c) => `\`${c}\``).join(", ")}.`,
          },
          example,
        };
        headers["Content-Disposition"] = { description: "With text/csv: `attachment` and a file name naming the period (and the snapshot version).", schema: { type: "string" } };
      }
      if (status === "401" && op.security.some(isScope)) {
        headers["WWW-Authenticate"] = {
          description: op.security.includes("session") ? "When an invalid key was sent: the Bearer challenge (a call with no key is answered as a session's)." : "When no key or an invalid key was sent: the Bearer challenge.",
          schema: { type: "string" },
        };
      }
      for (const [name, header] of Object.entries(answer.headers ?? {})) headers[name] = header;
      if (status === "429") headers["Retry-After"] = { description: "Seconds until the allowance opens again.", schema: { type: "integer", minimum: 1 } };
      answers[status] = { description: answer.description, headers, ...(Object.keys(content).length ? { content } : {}) };
    }

    const security = op.security.filter((s) => s !== "public");
    paths[path] ??= {};
    paths[path][method] = {
      operationId: op.operationId,
      summary: op.summary,
      description: op.description,
      tags: op.tags,
      security: security.map((s) => (s === "session" ? { session: [] } : { apiKey: [s] })),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: answers,
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: info.title,
      version: info.version,
      description:
        "Machine callers send `Authorization: Bearer <api key>`; reps and managers signed in on the web carry the `rapport_session` cookie. Every 4xx and 5xx answer is `{\"error\": {\"code\", \"message\", \"fields\"?}}`. The customer pages, sign-in pages and dashboard are HTML for browsers and are not part of this document.",
    },
    servers: [{ url: info.serverUrl }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: referenced(paths, schemasOf(toJsonSchemaDefs, requests, responses)),
      headers: { RequestId: { description: "The request's id; quote it when reporting a problem.", required: true, schema: { type: "string" } } },
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key; the operation names the scope it needs." },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "rapport_session",
          description:
            "The session of a rep, manager or admin signed in with a magic link. Every route that takes the admin scope also takes a signed-in admin's session (without an Authorization header); a write with it must come from this site and carry the console page's CSRF value in `X-CSRF-Token` (403 `csrf` otherwise).",
        },
      },
    },
  };
}
