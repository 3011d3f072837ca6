import { dueKeys } from "../job/keys.ts";

const pad = (n: number) => String(n).padStart(5, "0");

/** A campaign's items share its partition: the campaign, the customer ids it was given, and its batches of 50. */
export const campaignKeys = {
  campaign: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: "CAMPAIGN" }),
  /** gsi1: every campaign, newest last. */
  listed: (createdAt: string, id: string) => ({ gsi1pk: "CAMPAIGNS", gsi1sk: `${createdAt}#${id}` }),
  listPartition: "CAMPAIGNS",
  /** The customer ids a campaign was started with, up to 1,000 per item (a list may hold 20,000). */
  targets: (id: string, n: number) => ({ pk: `CAMPAIGN#${id}`, sk: `TARGETS#${pad(n)}` }),
  /** One batch of up to 50 customers: one SendBulkEmail. */
  batch: (id: string, n: number) => ({ pk: `CAMPAIGN#${id}`, sk: `BATCH#${pad(n)}` }),
  partition: (id: string) => `CAMPAIGN#${id}`,
  /** gsi2: when the scheduled job next looks for batches a dead worker left behind. */
  check: (at: string, id: string) => dueKeys.entry(at, id),
};
