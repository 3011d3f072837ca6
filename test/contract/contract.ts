import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Json = Record<string, any>;

/** One documented operation: its method, its path template and its OpenAPI object. */
interface DocumentedOperation {
  id: string;
  method: string;
  path: string;
  op: Json;
}

/** What a call sends: path parameters, query, a JSON or form body, and extra headers (credentials). */
export interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** An answer the contract has checked, with its body read once. */
export interface Answer {
  status: number;
  headers: Headers;
  mediaType: string;
  text: string;
  body: any;
}

const METHODS = ["get", "put", "post", "delete", "patch"];
const ROOT = "urn:rapport:contract";

/** Every operation of the document, keyed by operationId. */
function operationsOf(doc: Json): Map<string, DocumentedOperation> {
  const out = new Map<string, DocumentedOperation>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      if (METHODS.includes(method)) out.set(op.operationId, { id: op.operationId, method: method.toUpperCase(), path, op });
    }
  }
  return out;
}

/**
 * The components as one JSON Schema 2020-12 resource (`#/components/schemas/X` becomes `#/$defs/X`).
 * `closed` adds `additionalProperties: false` to every object that does not say otherwise, so an answer
 * carrying a field the document does not name fails: a generated client could not read that field.
 */
function schemaResource(doc: Json, closed: boolean): Json {
  const close = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(close);
    if (!node || typeof node !== "object") return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "examples" ? v : close(v)]));
    if (closed && out.type === "object" && out.properties && !("additionalProperties" in out)) out.additionalProperties = false;
    return out;
  };
  const text = JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/');
  return { $id: closed ? `${ROOT}:responses` : `${ROOT}:requests`, $defs: close(JSON.parse(text)) };
}

/**
 * Checks answers of the live server against the OpenAPI document: the status is one the operation
 * documents, the content type one it lists for that status, the documented headers are sent, and the
 * body validates against the schema (JSON Schema 2020-12, references resolved). Records which
 * operation answered which status, so a test can require that every operation was exercised.
 */
export class Contract {
  readonly operations: Map<string, DocumentedOperation>;
  /** operationId → the statuses it answered. */
  readonly seen = new Map<string, Set<number>>();
  private readonly ajv = addFormats(new Ajv2020({ strict: true, allErrors: true, strictRequired: false, strictTypes: false }));
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    readonly doc: Json,
    readonly baseUrl: string,
  ) {
    this.operations = operationsOf(doc);
    this.ajv.addSchema(schemaResource(doc, false));
    this.ajv.addSchema(schemaResource(doc, true));
  }

  /** The documented operation named `id`; fails when the document has none. */
  operation(id: string): DocumentedOperation {
    const found = this.operations.get(id);
    if (!found) throw new Error(`The document has no operation ${id}.`);
    return found;
  }

  /** Calls operation `id` on the live server at its documented path and checks the answer against the document. */
  async call(id: string, call: Call = {}): Promise<Answer> {
    const { method, path } = this.operation(id);
    const url = new URL(path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(call.params?.[name] ?? `{${name}}`)), this.baseUrl);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...call.headers };
    let body: string | undefined;
    if (call.json !== undefined) {
      headers["content-type"] ??= "application/json";
      body = typeof call.json === "string" ? call.json : JSON.stringify(call.json);
    } else if (call.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(call.form).toString();
    }
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), redirect: "manual" });
    const answer = await this.check(id, res, call);
    return answer;
  }

  /** Checks one answer of operation `id` (see the class comment); throws naming what disagrees. */
  async check(id: string, res: Response, call: Call = {}): Promise<Answer> {
    const { op, method, path } = this.operation(id);
    const where = `${id} (${method} ${path}) answered ${res.status}`;
    const text = await res.text();
    const documented = op.responses[String(res.status)] as Json | undefined;
    if (!documented) throw new Error(`${where}, which the document does not list (it lists ${Object.keys(op.responses).join(", ")}): ${text.slice(0, 300)}`);
    this.seen.set(id, (this.seen.get(id) ?? new Set()).add(res.status));

    const mediaType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    const content = (documented.content ?? {}) as Json;
    if (!Object.keys(content).length) {
      if (text !== "") throw new Error(`${where} with a body, but the document describes none.`);
      return { status: res.status, headers: res.headers, mediaType, text, body: undefined };
    }
    if (!(mediaType in content)) throw new Error(`${where} with ${mediaType || "no content type"}; the document lists ${Object.keys(content).join(", ")}.`);

    this.checkHeaders(where, documented, res, mediaType, op, call);
    const body = this.checkBody(where, content[mediaType], mediaType, text);
    if (res.status < 300) this.checkRequest(id, call);
    return { status: res.status, headers: res.headers, mediaType, text, body };
  }

  private checkHeaders(where: string, documented: Json, res: Response, mediaType: string, op: Json, call: Call) {
    const headers = (documented.headers ?? {}) as Json;
    const resolve = (header: Json): Json => (header.$ref ? this.doc.components.headers[header.$ref.split("/").pop()] : header);
    const required = new Set(Object.keys(headers).filter((name) => resolve(headers[name]).required));
    // Documented in words as conditional: the attachment name with CSV, the Bearer challenge on a 401 about a key.
    if (mediaType === "text/csv") required.add("Content-Disposition");
    const byKeyOnly = (op.security as Json[]).every((s) => "apiKey" in s) && op.security.length > 0;
    if (res.status === 401 && (byKeyOnly || call.headers?.authorization)) required.add("WWW-Authenticate");
    if (res.status === 401 && !byKeyOnly && !call.headers?.authorization && res.headers.get("WWW-Authenticate")) {
      throw new Error(`${where}: a Bearer challenge to a call without a key, where the document says a session is asked for.`);
    }
    for (const name of required) {
      if (!(name in headers)) throw new Error(`${where}: ${name} is sent but not documented.`);
      if (!res.headers.get(name)) throw new Error(`${where}: the documented header ${name} is missing.`);
    }
    for (const name of ["WWW-Authenticate", "Content-Disposition"]) {
      if (res.headers.get(name) && !(name in headers)) throw new Error(`${where}: ${name} is sent but not documented.`);
    }
  }

  private checkBody(where: string, media: Json, mediaType: string, text: string): unknown {
    if (mediaType === "application/json") {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${where} with application/json that does not parse: ${text.slice(0, 200)}`);
      }
      this.validate(`${where}: the body`, media.schema, body, true);
      return body;
    }
    if (mediaType === "text/html") {
      if (!/^<!doctype html>/i.test(text)) throw new Error(`${where} with text/html that is not an HTML page.`);
      return text;
    }
    if (mediaType === "text/csv") {
      const header = (media.example as string).split("\r\n")[0];
      const lines = text.split("\r\n");
      if (lines[0] !== header) throw new Error(`${where}: the CSV header is ${lines[0]}, the document says ${header}.`);
      if (lines.at(-1) !== "") throw new Error(`${where}: the CSV does not end with CRLF.`);
      return text;
    }
    throw new Error(`${where}: no check for ${mediaType}.`);
  }

  /** A request the server accepted must be one the document accepts: the JSON body and the query. */
  private checkRequest(id: string, call: Call) {
    const { op } = this.operation(id);
    const where = `${id} accepted a request that the document refuses:`;
    const schema = op.requestBody?.content?.["application/json"]?.schema;
    if (call.json !== undefined && typeof call.json !== "string" && schema) this.validate(`${where} the body`, schema, call.json, false);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      const parameter = (op.parameters ?? []).find((p: Json) => p.in === "query" && p.name === name);
      if (!parameter) throw new Error(`${where} the query parameter ${name} is not documented.`);
      this.validate(`${where} the query parameter ${name}`, parameter.schema, value, false);
    }
  }

  /** Validates `value` against a schema of the document (a `$ref` into its components, or inline). */
  validate(where: string, schema: Json, value: unknown, response: boolean) {
    const key = `${response}:${JSON.stringify(schema)}`;
    let validator = this.validators.get(key);
    if (!validator) {
      const base = `${ROOT}:${response ? "responses" : "requests"}`;
      const text = JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${base}#/$defs/`);
      validator = this.ajv.compile(JSON.parse(text));
      this.validators.set(key, validator);
    }
    if (!validator(value)) {
      const problems = (validator.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${e.params.additionalProperty})` : ""}`);
      throw new Error(`${where} does not match the document: ${problems.join("; ")}\n${JSON.stringify(value).slice(0, 600)}`);
    }
  }

  /** Every documented (operationId, status) that no call produced. */
  unexercised(): string[] {
    const out: string[] = [];
    for (const { id, op } of this.operations.values()) {
      for (const status of Object.keys(op.responses)) if (!this.seen.get(id)?.has(Number(status))) out.push(`${id} ${status}`);
    }
    return out;
  }
}
