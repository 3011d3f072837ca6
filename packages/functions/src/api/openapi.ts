import type { Hono, MiddlewareHandler } from "hono";
import { safeParse, type GenericSchema } from "valibot";

const META = Symbol.for("rapport.openapi");

type Target = "json" | "query" | "param";
type Security = "admin" | "finance" | "session" | "public";

export interface Operation {
  summary: string;
  tags: string[];
  security: Security[];
  /** Status → description, plus an optional schema of the JSON answer. */
  responses: Record<number, string | { description: string; schema: GenericSchema }>;
  description?: string;
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

type ToJsonSchema = (typeof import("@valibot/to-json-schema"))["toJsonSchema"];

const ErrorBody = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        fields: { type: "object", additionalProperties: { type: "string" } },
      },
    },
  },
};

/** The OpenAPI 3.0 document of every described route of `app` (the schema converter loads on first use). */
export async function document(app: Hono<any>, info: { title: string; version: string; serverUrl: string }) {
  const { toJsonSchema } = (await import("@valibot/to-json-schema")) as { toJsonSchema: ToJsonSchema };
  const schemaOf = (schema: GenericSchema) =>
    toJsonSchema(schema, { target: "openapi-3.0", errorMode: "ignore", typeMode: "input" }) as Record<string, unknown>;
  const paths: Record<string, Record<string, unknown>> = {};
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
  for (const [key, { operation, inputs }] of byRoute) {
    if (!operation) continue;
    const [method, honoPath] = key.split(" ") as [string, string];
    const path = honoPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const parameters: unknown[] = [];
    let requestBody: unknown;
    for (const input of inputs) {
      const json = schemaOf(input.schema);
      if (input.target === "json") {
        // A body that may be left out (every field optional) is documented as optional.
        requestBody = { required: !safeParse(input.schema, {}).success, content: { "application/json": { schema: json } } };
        continue;
      }
      const properties = (json.properties ?? {}) as Record<string, unknown>;
      const required = new Set((json.required ?? []) as string[]);
      for (const [name, schema] of Object.entries(properties)) {
        parameters.push({ name, in: input.target === "param" ? "path" : "query", required: input.target === "param" || required.has(name), schema });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, answer] of Object.entries(operation.responses)) {
      responses[status] =
        typeof answer === "string"
          ? { description: answer, ...(Number(status) >= 400 ? { content: { "application/json": { schema: ErrorBody } } } : {}) }
          : { description: answer.description, content: { "application/json": { schema: schemaOf(answer.schema) } } };
    }
    const security = operation.security.filter((s) => s !== "public");
    paths[path] ??= {};
    paths[path][method] = {
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: operation.tags,
      ...(security.length ? { security: security.map((s) => (s === "session" ? { session: [] } : { apiKey: [s] })) } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key with the admin or finance scope." },
        session: { type: "apiKey", in: "cookie", name: "rapport_session" },
      },
    },
    paths,
  };
}
