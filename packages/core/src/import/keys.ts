const pad = (n: number) => String(n).padStart(5, "0");

/** An import job's items share its partition: the job (its counts), its chunks of rows and their leases. */
export const importKeys = {
  job: (id: string) => ({ pk: `IMPORT#${id}`, sk: "JOB" }),
  /** gsi1: every import job, newest last. */
  listed: (createdAt: string, id: string) => ({ gsi1pk: "IMPORTS", gsi1sk: `${createdAt}#${id}` }),
  listPartition: "IMPORTS",
  /** One chunk of up to CHUNK_ROWS validated rows: its creation is the campaign worker's cue to write them. */
  chunk: (id: string, n: number) => ({ pk: `IMPORT#${id}`, sk: `CHUNK#${pad(n)}` }),
  /** The lease of the delivery writing chunk `n`, so that two deliveries of it never write it at once. */
  lease: (id: string, n: number) => ({ pk: `IMPORT#${id}`, sk: `LEASE#${pad(n)}` }),
};
