/**
 * Which records of the table's stream are outbound work: a new outbox item. The same rule filters the
 * stream in AWS (the outbound worker's event source mapping, infra/outbound.ts) and locally (the stream
 * poller), and the worker checks it again.
 */
import type { StreamRecord } from "../campaign/stream.ts";

/** The event source mapping's filter pattern (Lambda filter-criteria syntax). */
export const outboxStreamFilter = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { type: { S: ["outbox"] } } },
};

/** Whether the record is a new outbox item (the filter above, evaluated in code). */
export function isOutboxWork(record: StreamRecord): boolean {
  return record.eventName === "INSERT" && record.dynamodb?.NewImage?.type?.S === "outbox";
}
