export const apiKeyKeys = {
  /** Looked up by the SHA-256 of the secret; the secret itself is never stored. */
  byHash: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: "APIKEY" }),
  /** gsi1: every key, newest first. */
  list: (id: string) => ({ gsi1pk: "APIKEYS", gsi1sk: id }),
  listPartition: "APIKEYS",
};
