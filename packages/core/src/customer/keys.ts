export const customerKeys = {
  customer: (id: string) => ({ pk: `CUS#${id}`, sk: "CUS" }),
  /** Uniqueness lock on the normalised email. */
  email: (email: string) => ({ pk: `EMAIL#cus#${email}`, sk: "LOCK" }),
  /** gsi1: a rep's customers, ordered by name. */
  byRep: (repId: string, name: string, id: string) => ({ gsi1pk: `REP#${repId}#CUS`, gsi1sk: `${name.toLowerCase()}#${id}` }),
  byRepPartition: (repId: string) => `REP#${repId}#CUS`,
  /**
   * gsi1: a rep's prospects (contacts of a lost deal who are not customers), apart from the customers, so
   * what reads a rep's customers (campaigns, coverage, the customer list) never meets one.
   */
  prospectByRep: (repId: string, name: string, id: string) => ({ gsi1pk: `REP#${repId}#PROSPECT`, gsi1sk: `${name.toLowerCase()}#${id}` }),
};
