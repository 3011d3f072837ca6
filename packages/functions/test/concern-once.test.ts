import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "@rapport/core/db/index";
import { captureOutput } from "../../../test/support/output.ts";
import { aCustomerOfATeam, casesOf, raiseJson, tableItems } from "./concern-support.ts";

const concern = (i: number) => ({ what: `Problem number ${i}`, urgency: "no-rush", reply: "anonymous" });

/** Runs `work` while every transaction that writes a concern's case is cancelled (a throttled item, not a failed condition). */
async function whileCancelled<T>(work: () => Promise<T>): Promise<T> {
  const mock = mockClient(db());
  mock.send.callThrough();
  mock.on(TransactWriteCommand).callsFake((input: { TransactItems: unknown[] }) => {
    throw new TransactionCanceledException({
      message: "Transaction cancelled",
      $metadata: {},
      CancellationReasons: input.TransactItems.map((_, i) => ({ Code: i === input.TransactItems.length - 1 ? "ThrottlingError" : "None" })),
    });
  });
  try {
    return await work();
  } finally {
    mock.restore();
  }
}

describe("a concern's allowance", () => {
  it("is counted under a key a reader of the table cannot match to the customer", async () => {
    const { customer, link } = await aCustomerOfATeam(null);
    const before = await tableItems();
    expect((await raiseJson(link, concern(1))).status).toBe(201);
    const counters = [...(await tableItems()).keys()].filter((key) => key.startsWith("RATE#concern#") && !before.has(key));
    expect(counters).toHaveLength(1);
    expect(counters[0]).not.toContain(customer.id);
    expect(counters[0]).not.toContain(customer.id.slice(4));
  });

  it("is used only by a concern raised: after a transaction that failed, 5 still go through that day", async () => {
    const { rep, link } = await aCustomerOfATeam(null);
    // The request fails (its log line kept out of the test's output).
    const { result: failed } = await captureOutput(() => whileCancelled(() => raiseJson(link, concern(0))));
    expect(failed.status).toBe(500);
    expect(await casesOf(rep.id)).toEqual([]);
    for (let i = 1; i <= 5; i++) expect((await raiseJson(link, concern(i))).status, `concern ${i}`).toBe(201);
    expect((await raiseJson(link, concern(6))).status).toBe(429);
    expect(await casesOf(rep.id)).toHaveLength(5);
  });
});
