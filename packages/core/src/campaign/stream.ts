/**
 * Which records of the table's stream are campaign work: a campaign written (its fan-out), a batch of
 * up to 50 customers written (its sending), and a chunk of an import job's rows (their writing). The same
 * rule filters the stream in AWS (the event source mapping's filter, infra/campaigns.ts) and locally (the
 * stream poller), and the worker checks it again.
 */

/** The item types whose creation is work for the campaign worker. */
export const campaignWorkTypes = ["campaign", "campaign-batch", "import-chunk"] as const;

/** The event source mapping's filter pattern (Lambda filter-criteria syntax). */
export const campaignStreamFilter = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { type: { S: [...campaignWorkTypes] } } },
};

/** The part of a stream record (Lambda's DynamoDB stream event, or GetRecords) the worker reads. */
export interface StreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string; N?: string } | undefined>; SequenceNumber?: string };
}

/** Whether the record is campaign work (the filter above, evaluated in code). */
export function isCampaignWork(record: StreamRecord): boolean {
  const type = record.dynamodb?.NewImage?.type?.S;
  return record.eventName === "INSERT" && (campaignWorkTypes as readonly (string | undefined)[]).includes(type);
}
