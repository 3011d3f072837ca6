import { createHash } from "node:crypto";

export const suppressionKeys = {
  address: (email: string) => ({ pk: `SUPP#${email.toLowerCase()}`, sk: "SUPP" }),
  /** An erased customer's address, kept only as its SHA-256 so it is never emailed again without being stored. */
  hashed: (email: string) => ({ pk: `SUPP#sha256#${createHash("sha256").update(email.toLowerCase()).digest("hex")}`, sk: "SUPP" }),
  /** The unsubscribe token's hash → the address it unsubscribes. */
  token: (hash: string) => ({ pk: `UNSUB#${hash}`, sk: "UNSUB" }),
};
