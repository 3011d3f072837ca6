import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { config, configure } from "@rapport/core/config";
import { dynamo } from "@rapport/core/db/index";
import { createTableInput } from "@rapport/core/db/table";
import { createApp } from "../src/api/app.ts";

const app = createApp();
const setUp = config();
afterEach(() => configure({ tableName: setUp.tableName, campaignDeadLetters: undefined }));

/**
 * A stand-in for SQS's GetQueueAttributes (there is no SQS engine here): it records what it was asked and
 * answers as SQS does (AWS JSON 1.0), `visible` messages or, when `visible` is undefined, QueueDoesNotExist.
 */
let visible: number | undefined;
const asked: { target?: string; body: Record<string, unknown> }[] = [];
let sqs: Server;
let queueUrl: string;

beforeAll(async () => {
  sqs = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      asked.push({ target: req.headers["x-amz-target"] as string | undefined, body: JSON.parse(raw) as Record<string, unknown> });
      res.setHeader("content-type", "application/x-amz-json-1.0");
      if (visible === undefined) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." }));
      } else {
        res.end(JSON.stringify({ Attributes: { ApproximateNumberOfMessages: String(visible) } }));
      }
    });
  });
  await new Promise<void>((ok) => sqs.listen(0, "127.0.0.1", ok));
  queueUrl = `http://127.0.0.1:${(sqs.address() as AddressInfo).port}/123456789012/rapport-test-CampaignDeadLetters`;
});
afterAll(() => new Promise<void>((ok) => sqs.close(() => ok())));

describe("GET /health", () => {
  it("answers 200 with the database, the stream on and no dead-letter count where there is no dead-letter queue (locally)", async () => {
    const res = await app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: "ok", queue: { stream: "enabled", deadLetters: null } });
  });

  it("counts the messages waiting in the campaign dead-letter queue when the deployment names one", async () => {
    configure({ campaignDeadLetters: queueUrl });
    visible = 3;
    asked.length = 0;
    const res = await app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: "ok", queue: { stream: "enabled", deadLetters: 3 } });
    expect(asked).toEqual([{ target: "AmazonSQS.GetQueueAttributes", body: { QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] } }]);
  });

  it("still answers 200, with deadLetters null, when the dead-letter queue cannot be read: campaigns and the API still work", async () => {
    configure({ campaignDeadLetters: queueUrl });
    visible = undefined;
    const res = await app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: "ok", queue: { stream: "enabled", deadLetters: null } });
  });

  it("answers 503 while the table's stream is off, because no campaign would ever reach the worker", async () => {
    const { StreamSpecification: _stream, ...withoutStream } = createTableInput(`${setUp.tableName}_nostream`);
    await dynamo().send(new CreateTableCommand(withoutStream));
    try {
      configure({ tableName: withoutStream.TableName! });
      const res = await app.request("/health");
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: "unavailable", message: "The table's stream is off: campaigns would never reach the worker." } });
    } finally {
      await dynamo().send(new DeleteTableCommand({ TableName: withoutStream.TableName! }));
    }
  });

  it("answers 503 while the database does not answer (here: the table is not there)", async () => {
    configure({ tableName: `${setUp.tableName}_missing` });
    const res = await app.request("/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: "unavailable", message: "The database does not answer yet." } });
  });
});
