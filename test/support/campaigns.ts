import { tmpdir } from "node:os";
import { join } from "node:path";
import { Campaign, type CampaignView } from "@rapport/core/campaign/index";
import { config } from "@rapport/core/config";
import { startCampaignWorker } from "@rapport/local/worker";
import type { StreamWorker } from "@rapport/local/stream";

/**
 * The campaign worker on this file's table, fed by DynamoDB Local's stream (stop it in afterAll). A worker
 * stopped and started again in the same file goes on from where the last one got to, as an event source
 * mapping does, instead of reading the file's whole stream again from its oldest record.
 */
export function campaignWorker(): Promise<StreamWorker> {
  return startCampaignWorker({ checkpointFile: join(tmpdir(), "rapport-test-workers", `${config().tableName}.json`) });
}

/** The campaign once it is done, cancelled or failed; fails the test when it is still going after `timeoutMs`. */
export async function finished(id: string, timeoutMs = 30_000): Promise<CampaignView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const campaign = await Campaign.get(id);
    if (!["queued", "sending"].includes(campaign.status)) return campaign;
    if (Date.now() > deadline) throw new Error(`campaign ${id} still ${campaign.status} after ${timeoutMs} ms: ${JSON.stringify(campaign)}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}
