export const profileKeys = {
  /** Every entry of a customer's profile (what they shared, the reps' notes) sits under the customer. */
  partition: (customerId: string) => `CUS#${customerId}`,
  prefix: "PROFILE#",
  /** What a customer shared on one form, one item per field: a revision of that form replaces it. */
  shared: (customerId: string, invitationId: string, field: string) => ({ pk: `CUS#${customerId}`, sk: `PROFILE#S#${invitationId}#${field}` }),
  /** A rep's (or an admin's) note. */
  note: (customerId: string, id: string) => ({ pk: `CUS#${customerId}`, sk: `PROFILE#N#${id}` }),
  /** gsi1: what the customers of a rep (the rep credited on the form) shared, by when: the monthly count is one Query. */
  sharedByRep: (repId: string, at: string, id: string) => ({ gsi1pk: `REP#${repId}#SHARED`, gsi1sk: `${at}#${id}` }),
  sharedByRepPartition: (repId: string) => `REP#${repId}#SHARED`,
};
