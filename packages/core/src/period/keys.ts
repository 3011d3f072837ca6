const v = (version: number) => `V#${String(version).padStart(4, "0")}`;

export const periodKeys = {
  /** A period's record: whether and when it was closed, its current snapshot version and SHA-256. */
  period: (period: string) => ({ pk: `PERIOD#${period}`, sk: "PERIOD" }),
};

export const snapshotKeys = {
  /** A frozen period's version: its SHA-256, plan version and close time. */
  meta: (period: string, version: number) => ({ pk: `SNAP#${period}`, sk: v(version) }),
  /** A frozen period's rows, in chunks of at most 200 rows per item (DynamoDB's 400 KB item limit). */
  chunk: (period: string, version: number, index: number) => ({ pk: `SNAP#${period}`, sk: `${v(version)}#${String(index).padStart(4, "0")}` }),
  /** Every chunk of one version. */
  chunks: (period: string, version: number) => ({ pk: `SNAP#${period}`, prefix: `${v(version)}#` }),
};
