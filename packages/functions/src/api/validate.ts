import { vValidator } from "@hono/valibot-validator";
import type { GenericSchema } from "valibot";
import { VisibleError } from "@rapport/core/error";
import { fieldsOf } from "@rapport/core/error-fields";
import { tagInput } from "./openapi.ts";

type Target = "json" | "query" | "param";

export { fieldsOf };

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
