export const authKeys = {
  /** A magic sign-in link, by the SHA-256 of its token; single use, 15 minutes. */
  link: (hash: string) => ({ pk: `LOGIN#${hash}`, sk: "LOGIN" }),
  /** A session, by the SHA-256 of its cookie value. */
  session: (hash: string) => ({ pk: `SESSION#${hash}`, sk: "SESSION" }),
  /** How many sign-in links an address was sent in one 15-minute window. */
};
