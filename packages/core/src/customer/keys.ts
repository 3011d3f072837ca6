export const customerKeys = {
  customer: (id: string) => ({ pk: `CUS#${id}`, sk: "CUS" }),
  /** Uniqueness lock on the normalised email. */
  email: (email: string) => ({ pk: `EMAIL#cus#${email}`, sk: "LOCK" }),
  /** gsi1: a rep's customers, ordered by name. */
  byRep: (repId: string, name: string, id: string) => ({ gsi1pk: `REP#${repId}#CUS`, gsi1sk: `${name.toLowerCase()}#${id}` }),
  byRepPartition: (repId: string) => `REP#${repId}#CUS`,
};
