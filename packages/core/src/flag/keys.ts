export const flagKeys = {
  /** One flag; its id is derived from its response and rule, so a response carries each rule's flag at most once. */
  flag: (id: string) => ({ pk: `FLAG#${id}`, sk: "FLAG" }),
  /** gsi1: a period's flags, oldest first (then by response and rule). */
  byPeriod: (period: string, createdAt: string, responseId: string, rule: string) => ({ gsi1pk: `FLAGS#${period}`, gsi1sk: `${createdAt}#${responseId}#${rule}` }),
  periodPartition: (period: string) => `FLAGS#${period}`,
};
