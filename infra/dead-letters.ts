/**
 * Where campaign work that kept failing goes: after its retries the stream's event source mapping
 * (infra/campaigns.ts) sends a record of the failed batch here (its shard and sequence numbers, not the
 * items). The CampaignDeadLetters alarm fires on the first one; /health counts them. Kept 14 days.
 * Its own file because both the API (health) and the worker's subscription need it.
 */
export const campaignDeadLetters = new sst.aws.Queue("CampaignDeadLetters", {
  transform: {
    queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 },
  },
});
