/**
 * The one logger: every line is a JSON object (Powertools for AWS Lambda) with level, message, timestamp,
 * the service name, the request id and the ids of what it concerns. Lines carry ids, counts and error
 * messages; never a name, an address, a phone number or free text. Any email address inside a value
 * (an SES error naming a recipient, say) is masked before the line is written.
 * The level comes from POWERTOOLS_LOG_LEVEL (default INFO), read by Powertools itself.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Logger } from "@aws-lambda-powertools/logger";

/** The ids a line may carry about what it concerns. */
export interface LogIds {
  /** The API's X-Request-Id, or the Lambda invocation's request id outside the API. */
  requestId?: string;
  invitationId?: string;
  campaignId?: string;
  followUpId?: string;
  repId?: string;
  customerId?: string;
  /** An SES or SNS message id. */
  messageId?: string;
}

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

const scope = new AsyncLocalStorage<LogIds>();

/**
 * Runs `work` with these ids on every line logged inside it, however deep in core, and however many
 * requests run at once (each request keeps its own). Nested scopes add to the outer ones.
 */
export function withLogIds<T>(ids: LogIds, work: () => T): T {
  return scope.run({ ...scope.getStore(), ...ids }, work);
}

function line(level: "debug" | "info" | "warn" | "error", message: string, fields: LogFields = {}): void {
  logger[level](message, { ...scope.getStore(), ...fields });
}

/** Writes log lines: `log.error("scheduled job step failed", { followUpId, error })`. */
export const log = {
  debug: (message: string, fields?: LogFields) => line("debug", message, fields),
  info: (message: string, fields?: LogFields) => line("info", message, fields),
  warn: (message: string, fields?: LogFields) => line("warn", message, fields),
  error: (message: string, fields?: LogFields) => line("error", message, fields),
};
