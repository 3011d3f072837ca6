import { Campaign, type CampaignView } from "@rapport/core/campaign/index";
import { startCampaignWorker } from "@rapport/local/worker";
import type { StreamWorker } from "@rapport/local/stream";

/** The campaign worker on this file's table, fed by DynamoDB Local's stream (stop it in afterAll). */
export function campaignWorker(): Promise<StreamWorker> {
  return startCampaignWorker();
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
