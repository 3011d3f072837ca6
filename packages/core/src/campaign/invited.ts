/**
 * A campaign batch's part of its reps' response rates (product.md, "Response rate"): how many report cards
 * it sent for each rep, as one item in the period's aggregate partition, so counting a batch costs one Put
 * in its claim (no write per rep) and the scores' one Query finds it. Written again, whole, when some of
 * the batch did not go out after all: a Put under the same key never counts a batch twice.
 */
import { tableName } from "../db/index.ts";
import { aggregateKeys } from "../aggregate/keys.ts";
import { periodOf } from "../period/quarter.ts";
import type { Invitation } from "../invitation/record.ts";

/** The aggregate partition's sort keys of campaign batches start with this. */
export const CAMPAIGN_INVITED_PREFIX = "CAMPAIGN#";

/** The Put recording that `sent` (all of one batch, sent at `at`) count toward their reps' `invited`. */
export function invitedPut(campaignId: string, batch: number, at: Date, sent: Pick<Invitation, "repId">[]): { Put: { TableName: string; Item: Record<string, unknown> } } {
  const invitedByRep: Record<string, number> = {};
  for (const inv of sent) invitedByRep[inv.repId] = (invitedByRep[inv.repId] ?? 0) + 1;
  const period = periodOf(at);
  return {
    Put: {
      TableName: tableName(),
      Item: { pk: aggregateKeys.period(period), sk: `${CAMPAIGN_INVITED_PREFIX}${campaignId}#${batch}`, type: "campaign-invited", period, campaignId, batch, invitedByRep },
    },
  };
}
