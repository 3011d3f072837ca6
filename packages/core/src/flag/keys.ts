export const flagKeys = {
  /** One flag; its id is derived from its response and rule, so a response carries each rule's flag at most once. */
  flag: (id: string) => ({ pk: `FLAG#${id}`, sk: "FLAG" }),
  /** gsi1: a period's flags, oldest first. */
  byPeriod: (period: string, createdAt: string, id: string) => ({ gsi1pk: `FLAGS#${period}`, gsi1sk: `${createdAt}#${id}` }),
  periodPartition: (period: string) => `FLAGS#${period}`,
};
