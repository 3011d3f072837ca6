/**
 * The `fields` map of a 400, from valibot's issues. Apart from error.ts, which every cold start loads, so
 * the schema library loads with the first route that validates.
 */
import { getDotPath } from "valibot";

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
