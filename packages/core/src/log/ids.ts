/**
 * The ids every log line written inside a scope carries (the request id, the invitation or case at hand),
 * kept apart from the logger itself so that code which only opens a scope (the API's request middleware)
 * does not load Powertools at a cold start.
 */
import { AsyncLocalStorage } from "node:async_hooks";

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

const scope = new AsyncLocalStorage<LogIds>();

/**
 * Runs `work` with these ids on every line logged inside it, however deep in core, and however many
 * requests run at once (each request keeps its own). Nested scopes add to the outer ones.
 */
export function withLogIds<T>(ids: LogIds, work: () => T): T {
  return scope.run({ ...scope.getStore(), ...ids }, work);
}

/** The ids of the scopes the caller runs in. */
export function idsInScope(): LogIds | undefined {
  return scope.getStore();
}
