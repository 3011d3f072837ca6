/**
 * The one logger: every line is a JSON object (Powertools for AWS Lambda) with level, message, timestamp,
 * the service name, the request id and the ids of what it concerns. Lines carry ids, counts and error
 * messages; never a name, an address, a phone number or free text. Any email address inside a value
 * (an SES error naming a recipient, say) is masked before the line is written.
 * The level comes from POWERTOOLS_LOG_LEVEL (default INFO), read by Powertools itself.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { idsInScope, type LogIds } from "./ids.ts";

export { withLogIds, type LogIds } from "./ids.ts";

/** A line's fields: ids, plus counts, codes, a step's name and a caught `error` (name, message and stack, addresses masked). */
export type LogFields = LogIds & { [detail: string]: unknown };

// No slash on either side, so a file path with an "@" in it (a package version in a stack trace) stays readable.
const EMAIL = /[^\s@<>()[\]{}"',;:/]+@[^\s@<>()[\]{}"',;:/]+\.[a-z]{2,}/gi;

/** A string with every email address in it masked. */
export function redact(text: string): string {
  return text.replace(EMAIL, "[email]");
}

/** Every string masked; an error becomes its name, message and stack (whose first line repeats the message, masked too). */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (value instanceof Error) return { name: value.name, message: redact(value.message), ...(value.stack ? { stack: redact(value.stack) } : {}) };
  return value;
}

/** The Powertools logger itself; Lambda entry points hand it their context (`addContext`). */
export const logger = new Logger({ serviceName: "rapport", jsonReplacerFn: replacer });

function line(level: "debug" | "info" | "warn" | "error", message: string, fields: LogFields = {}): void {
  logger[level](message, { ...idsInScope(), ...fields });
}

/** Writes log lines: `log.error("scheduled job step failed", { followUpId, error })`. */
export const log = {
  debug: (message: string, fields?: LogFields) => line("debug", message, fields),
  info: (message: string, fields?: LogFields) => line("info", message, fields),
  warn: (message: string, fields?: LogFields) => line("warn", message, fields),
  error: (message: string, fields?: LogFields) => line("error", message, fields),
};
