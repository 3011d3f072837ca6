import * as v from "valibot";
import { Webhook } from "@rapport/core/webhook/index";
import { observed } from "./observed.ts";
import { StreamEventSchema } from "./campaign-worker.ts";

/**
 * The outbound worker's Lambda: each new outbox item the table's stream hands it (infra/outbound.ts filters
 * to them) is delivered to its webhook subscriptions and Slack channel, one try each; failed tries are
 * retried by the scheduled job. A record whose deliveries could not be written is answered as a partial
 * batch failure, so the stream delivers it again.
 */
export const handler = observed(async (event: unknown) => Webhook.work(v.parse(StreamEventSchema, event).Records));
