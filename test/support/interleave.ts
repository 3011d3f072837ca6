import { mockClient } from "aws-sdk-client-mock";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { db } from "@rapport/core/db/index";

/** Matches whatever transaction comes first. */
export const any = Symbol("any transaction");

/**
 * Runs `work` while `landing` runs just before the first transaction that has an Update starting with
 * `update` (or, given `any`, the first transaction), as a concurrent request would land between a verb's
 * read and its write (or as a Lambda stopped there would leave things, when `landing` throws). Everything
 * else goes to DynamoDB Local.
 */
export async function interleaved<T>(update: string | typeof any, landing: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const client = db();
  const send = client.send.bind(client);
  const mock = mockClient(client);
  mock.send.callThrough();
  let landed = false;
  mock.on(TransactWriteCommand).callsFake(async (input: TransactWriteCommandInput) => {
    if (!landed && (update === any || input.TransactItems!.some((item) => item.Update?.UpdateExpression?.startsWith(update)))) {
      landed = true;
      await landing();
    }
    return send(new TransactWriteCommand(input));
  });
  try {
    return await work();
  } finally {
    mock.restore();
  }
}

/** A `landing` that fails the way a Lambda stopped mid-write would leave the write: not done. */
export async function stopped(): Promise<never> {
  throw Object.assign(new Error("Internal server error"), { name: "InternalServerError", $metadata: { httpStatusCode: 500 } });
}
