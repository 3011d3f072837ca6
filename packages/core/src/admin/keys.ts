export const adminKeys = {
  /** An admin named through the API, by their lower-cased address. */
  admin: (email: string) => ({ pk: `ADMIN#${email}`, sk: "ADMIN" }),
  /** gsi1: every admin named through the API, by address. */
  list: (email: string) => ({ gsi1pk: "ADMINS", gsi1sk: email }),
  listPartition: "ADMINS",
};
