/** One remembered request per API key and Idempotency-Key (the key's SHA-256: any printable ASCII fits a key); `ttl` lets DynamoDB drop it after 24 h. */
export const idempotencyKeys = {
  request: (apiKeyId: string, keyHash: string) => ({ pk: `IDEM#${apiKeyId}#${keyHash}`, sk: "IDEM" }),
};
