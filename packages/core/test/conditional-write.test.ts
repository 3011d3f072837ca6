import { describe, expect, it } from "vitest";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sendIf, tableName } from "@rapport/core/db/index";
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
