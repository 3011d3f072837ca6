export const repKeys = {
  rep: (id: string) => ({ pk: `REP#${id}`, sk: "REP" }),
  /** Uniqueness lock on the normalised email. */
  email: (email: string) => ({ pk: `EMAIL#rep#${email}`, sk: "LOCK" }),
  /** gsi1: every rep of the organisation, ordered by name. */
  list: (name: string, id: string) => ({ gsi1pk: "REPS", gsi1sk: `${name.toLowerCase()}#${id}` }),
  listPartition: "REPS",
  /** A manager's team: one item per rep they manage, kept in the rep's transactions. */
  managed: (managerEmail: string, repId: string) => ({ pk: `MGR#${managerEmail}`, sk: `REP#${repId}` }),
  managerPartition: (managerEmail: string) => `MGR#${managerEmail}`,
};
