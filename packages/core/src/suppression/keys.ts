export const suppressionKeys = {
  address: (email: string) => ({ pk: `SUPP#${email.toLowerCase()}`, sk: "SUPP" }),
  /** The unsubscribe token's hash → the address it unsubscribes. */
  token: (hash: string) => ({ pk: `UNSUB#${hash}`, sk: "UNSUB" }),
};
