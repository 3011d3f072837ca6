/** Audit entries are grouped by month of occurrence and ordered by time within it. */
export const auditKeys = {
  entry: (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${id}` }),
  month: (month: string) => `AUDIT#${month}`,
  /** gsi1: the history of one entity. */
  byEntity: (entityId: string, at: string, id: string) => ({ gsi1pk: `AUDIT#${entityId}`, gsi1sk: `${at}#${id}` }),
};
