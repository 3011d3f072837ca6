/** The kinds of error a caller may see, each with its HTTP status. */
export const errorStatus = {
  input: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  gone: 410,
  /** An `If-Match` that names another version of the record than the stored one (a stale edit). */
  precondition: 412,
  "too-large": 413,
  /** Well-formed, but naming something that cannot be used (an unknown rep), or an idempotency key reused with another body. */
  unprocessable: 422,
  "too-many": 429,
  unavailable: 503,
} as const;

export type ErrorKind = keyof typeof errorStatus;

/** An error whose code and message are safe to show to the caller. Anything else is a 500 with no detail. */
export class VisibleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "VisibleError";
  }

  get status(): (typeof errorStatus)[ErrorKind] {
    return errorStatus[this.kind];
  }
}
