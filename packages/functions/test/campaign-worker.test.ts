import { describe, expect, it } from "vitest";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { LambdaContext } from "hono/aws-lambda";
import { Campaign } from "@rapport/core/campaign/index";
import { dynamo, tableName } from "@rapport/core/db/index";
import { handler } from "../src/campaign-worker.ts";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";

const admin = { kind: "cli", id: "test" } as const;

const context = (remainingMs: number): LambdaContext => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: "rapport-test-CampaignWorkerFunction",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:rapport-test-CampaignWorkerFunction",
  memoryLimitInMB: "1024",
  awsRequestId: "3f1a5c2e-6b7d-4e8f-9a0b-1c2d3e4f5a6b",
  logGroupName: "/aws/lambda/rapport-test-CampaignWorkerFunction",
  logStreamName: "2026/12/02/[$LATEST]0123456789abcdef",
  getRemainingTimeInMillis: () => remainingMs,
});

/** A DynamoDB stream record as Lambda delivers it (the shape AWS documents), carrying the stored item as its new image. */
async function streamRecord(key: { pk: string; sk: string }, sequence: string, eventName = "INSERT") {
  const { Item } = await dynamo().send(new GetItemCommand({ TableName: tableName(), Key: { pk: { S: key.pk }, sk: { S: key.sk } } }));
  return {
    eventID: `c4ca4238a0b923820dcc509a6f75849${sequence.slice(-1)}`,
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    dynamodb: {
      ApproximateCreationDateTime: 1764669600,
      Keys: { pk: { S: key.pk }, sk: { S: key.sk } },
      NewImage: Item,
      SequenceNumber: sequence,
      SizeBytes: 512,
      StreamViewType: "NEW_IMAGE",
    },
    eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/rapport-test-TableTable/stream/2026-12-02T09:00:00.000",
  };
}

describe("the campaign worker's Lambda", () => {
  it("fans out the campaign a stream event carries, ignores records that are not campaign work, and reports no failure", async () => {
    const rep = await aRep();
    await aCustomer(rep.id);
    const started = await Campaign.start({ kind: "report-card", repId: rep.id }, admin);
    const event = {
      Records: [
        await streamRecord({ pk: `REP#${rep.id}`, sk: "REP" }, "111100000000000000001", "MODIFY"),
        await streamRecord({ pk: `CAMPAIGN#${started.id}`, sk: "CAMPAIGN" }, "111100000000000000002"),
      ],
    };
    expect(await handler(event, context(300_000))).toEqual({ batchItemFailures: [] });
    expect(await Campaign.get(started.id)).toMatchObject({ status: "sending", total: 1 });
  });

  it("hands back the records it has no time left to start, so the stream delivers them again", async () => {
    const rep = await aRep();
    const started = await Campaign.start({ kind: "report-card", repId: rep.id }, admin);
    const event = { Records: [await streamRecord({ pk: `CAMPAIGN#${started.id}`, sk: "CAMPAIGN" }, "222200000000000000001")] };
    expect(await handler(event, context(30_000))).toEqual({ batchItemFailures: [{ itemIdentifier: "222200000000000000001" }] });
    expect(await Campaign.get(started.id)).toMatchObject({ status: "queued" });
  });

  it("fails the invocation on an event that is not a stream event, so Lambda counts an error", async () => {
    await expect(handler({ detail: {} }, context(300_000))).rejects.toThrow(/Records/);
  });
});
