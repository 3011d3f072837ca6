export const snapshotKeys = {
  /** A frozen period's rows, in chunks of at most 200 rows per item (DynamoDB's 400 KB item limit). */
  chunk: (period: string, version: number, index: number) => ({ pk: `SNAP#${period}`, sk: `V#${String(version).padStart(4, "0")}#${String(index).padStart(4, "0")}` }),
  version: (period: string, version: number) => ({ pk: `SNAP#${period}`, prefix: `V#${String(version).padStart(4, "0")}#` }),
};
