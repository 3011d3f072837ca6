import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, sendIf, tableName, transact } from "@rapport/core/db/index";
import { VisibleError } from "@rapport/core/error";
import { metaKeys } from "@rapport/core/meta/index";

const putOnce = (name: string) =>
  new PutCommand({ TableName: tableName(), Item: { ...metaKeys.flag(name), type: "meta" }, ConditionExpression: "attribute_not_exists(pk)" });

describe("a conditional write", () => {
  it("answers the write's output while its condition holds, and the domain's answer once it fails", async () => {
    const first = await sendIf(putOnce("cw-once"), () => "taken" as const);
    expect(first).not.toBe("taken");
    expect(await sendIf(putOnce("cw-once"), () => "taken" as const)).toBe("taken");
  });

  it("throws the error the domain gives for a failed condition", async () => {
    await sendIf(putOnce("cw-visible"), () => undefined);
    const refused = sendIf(putOnce("cw-visible"), () => {
      throw new VisibleError("conflict", "already_done", "Already done.");
    });
    await expect(refused).rejects.toMatchObject({ code: "already_done" });
  });

  it("passes every other error through instead of treating it as a failed condition", async () => {
    const malformed = new UpdateCommand({ TableName: tableName(), Key: metaKeys.flag("cw-bad"), UpdateExpression: "SET n = :missing", ConditionExpression: "attribute_not_exists(pk)" });
    await expect(sendIf(malformed, () => "failed")).rejects.toMatchObject({ name: "ValidationException" });
  });
});

/** DynamoDB's answer when another transaction held one of the items: nothing of this one was written. */
const conflict = () =>
  new TransactionCanceledException({ message: "Transaction cancelled", $metadata: {}, CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }] });

describe("a transaction that meets a concurrent one", () => {
  const items = (name: string) => [
    { Put: { TableName: tableName(), Item: { ...metaKeys.flag(`${name}-a`), type: "meta" } } },
    { Put: { TableName: tableName(), Item: { ...metaKeys.flag(`${name}-b`), type: "meta" } } },
  ];

  it("is sent again until it goes through, so the caller never sees the conflict", async () => {
    const mock = mockClient(DynamoDBDocumentClient);
    mock.on(TransactWriteCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).callsFake((input) => mock.send.wrappedMethod.call(db(), new TransactWriteCommand(input) as never));
    try {
      await transact(items("tx-retried"));
      expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
    } finally {
      mock.restore();
    }
    const written = await db().send(new GetCommand({ TableName: tableName(), Key: metaKeys.flag("tx-retried-b"), ConsistentRead: true }));
    expect(written.Item).toBeDefined();
  });

  it("answers 409 transaction_conflict, or the caller's own answer, only after eight tries", async () => {
    const mock = mockClient(DynamoDBDocumentClient);
    mock.on(TransactWriteCommand).rejects(conflict());
    try {
      await expect(transact(items("tx-busy"))).rejects.toMatchObject({ status: 409, code: "transaction_conflict" });
      expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(8);
      mock.resetHistory();
      await expect(transact(items("tx-busy"), undefined, { onConflict: () => { throw new Error("re-read"); } })).rejects.toThrow("re-read");
      expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(8);
    } finally {
      mock.restore();
    }
  }, 30_000);
});
