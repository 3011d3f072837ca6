/** Concerns a customer raises at any time (`/c/{token}`): each opens a recovery case, never a score. */
import { raise } from "./raise.ts";
import { concernToken, concernUrl, customerOfConcernLink, openConcernLink } from "./link.ts";
import { sentOf } from "./sent.ts";

export { CONCERNS_PER_DAY, TooManyConcerns } from "./raise.ts";
export { ConcernResultSchema, ConcernSchema, concernSchemaFor, CONCERN_MAX_CHARS, SUBMISSION, concernReplies } from "./schema.ts";

export const Concern = { raise, sentOf, token: concernToken, url: concernUrl, customerOf: customerOfConcernLink, open: openConcernLink };
