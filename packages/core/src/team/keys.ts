export const teamKeys = {
  team: (id: string) => ({ pk: `TEAM#${id}`, sk: "TEAM" }),
  /** gsi1: every team of the organisation, ordered by name. */
  list: (name: string, id: string) => ({ gsi1pk: "TEAMS", gsi1sk: `${name.toLowerCase()}#${id}` }),
  listPartition: "TEAMS",
  /** One item per rep of the team, kept in the rep's transactions: a change of the team's manager or name finds its reps here. */
  member: (teamId: string, repId: string) => ({ pk: `TEAM#${teamId}`, sk: `REP#${repId}` }),
  partition: (teamId: string) => `TEAM#${teamId}`,
};
