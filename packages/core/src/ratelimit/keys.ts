/** One counter per bucket and fixed window; `ttl` lets DynamoDB drop spent windows. */
export const rateKeys = {
  window: (bucket: string, window: number) => ({ pk: `RATE#${bucket}`, sk: `W#${window}` }),
};
