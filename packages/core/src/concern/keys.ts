/**
 * A customer's concern keys: the day's allowance and the marker of each form sent. Both are made from an
 * HMAC of the customer's id (keyed by the signing secret), so a reader of the table cannot tell whose
 * counter or marker it is, nor tie an anonymous case to its customer.
 */
import { createHmac } from "node:crypto";
import { config } from "../config.ts";

const pseudonym = (label: string, value: string) => createHmac("sha256", config().tokenSecret).update(`${label}:${value}`).digest("base64url");

export const concernKeys = {
  /** The rate-limit bucket of a customer's concerns (../ratelimit adds the window). */
  allowance: (customerId: string) => `concern#${pseudonym("concern-allowance", customerId)}`,
  /** The marker of one form sent (its hidden `submission` value), holding the case it opened. */
  submission: (customerId: string, submission: string) => ({ pk: `CONCERN#${pseudonym("concern-submission", `${customerId}:${submission}`)}`, sk: "SUBMISSION" }),
};
