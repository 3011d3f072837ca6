import type { Context } from "hono";
import * as v from "valibot";
import type { GenericSchema } from "valibot";
import { etagOf, ifMatchVersions, type Versioned } from "@rapport/core/version";
import { shaped } from "./openapi.ts";

/** The request header a PATCH may send, as the OpenAPI document shows it. */
export const IfMatchHeaderSchema = v.object({
  "If-Match": v.optional(
    v.pipe(
      v.string(),
      v.description("The ETag of the version read (`\"v3\"`): the edit is refused with 412 if the record changed since. Without it the edit applies to the current version."),
    ),
  ),
});

/** The ETag header every answer of one record carries. */
export const etagHeader = {
  ETag: { description: "The record's version as a strong ETag (`\"v<version>\"`): send it back as `If-Match` to edit only that version.", schema: { type: "string" }, required: true },
};

/** The versions the request's If-Match accepts (undefined: no precondition). */
export const ifMatch = (c: Context) => ifMatchVersions(c.req.header("if-match"));

/** Answers `body`, in the shape of the schema the operation publishes, as JSON with the record's ETag. */
export function withEtag<S extends GenericSchema>(c: Context, schema: S, record: Versioned, body: v.InferOutput<S>, status: 200 | 201 = 200) {
  c.header("ETag", etagOf(record));
  return c.json(shaped(schema, body) as Record<string, unknown>, status);
}
