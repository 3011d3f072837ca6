/**
 * Campaigns: report cards to many customers as durable background work. `start` records the campaign and
 * answers at once (start.ts); the worker (worker.ts) fans it out into batches of 50 (fanout.ts) and sends
 * each with a claim first (batch.ts), counting progress once per batch (progress.ts); the scheduled job
 * picks up what a dead worker left (resume.ts).
 */
import { cancel, get, list, start } from "./start.ts";
import { work } from "./worker.ts";
import { resume } from "./resume.ts";

export { CampaignSchema, CampaignViewSchema, campaignSkips, campaignStatuses, type CampaignInput, type CampaignView } from "./record.ts";
export { campaignStreamFilter } from "./stream.ts";

export const Campaign = { start, get, list, cancel, work, resume };
