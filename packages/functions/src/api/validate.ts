import { vValidator } from "@hono/valibot-validator";
import { getDotPath, type GenericSchema } from "valibot";
import { VisibleError } from "@rapport/core/error";
import { tagInput } from "./openapi.ts";

type Target = "json" | "query" | "param";

/** Turns valibot issues into the `fields` map of a 400: `{ "email": "must be an email address" }`. */
export function fieldsOf(issues: readonly { message: string; input?: unknown; path?: unknown }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = getDotPath(issue as Parameters<typeof getDotPath>[0]) ?? "body";
    if (fields[path]) continue;
    fields[path] = issue.input === undefined ? "is required" : issue.message;
  }
  return fields;
}

/** Validates one part of the request with a valibot schema; a failure is a 400 naming every bad field. */
export function validate<T extends GenericSchema, Tg extends Target>(target: Tg, schema: T) {
  return tagInput(
    vValidator(target, schema, (result) => {
      if (!result.success) {
        const fields = fieldsOf(result.issues);
        const names = Object.keys(fields);
        throw new VisibleError("input", "invalid_input", `Invalid ${names.join(", ")}: ${names.map((n) => `${n} ${fields[n]}`).join("; ")}.`, fields);
      }
    }),
    target,
    schema,
  );
}
