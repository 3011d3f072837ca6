import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "@rapport/core/db/index";
import { captureOutput } from "../../../test/support/output.ts";
import { inbox } from "../../../test/support/inbox.ts";
import { aCustomerOfATeam, casesOf, openForm, post, raiseJson, tableItems } from "./concern-support.ts";

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
    const { result: failed } = await captureOutput(() => whileCancelled(async () => raiseJson(link, concern(0))));
    expect(failed.status).toBe(500);
    expect(await casesOf(rep.id)).toEqual([]);
    for (let i = 1; i <= 5; i++) expect((await raiseJson(link, concern(i))).status, `concern ${i}`).toBe(201);
    expect((await raiseJson(link, concern(6))).status).toBe(429);
    expect(await casesOf(rep.id)).toHaveLength(5);
  });
});

describe("the same concern sent again", () => {
  it("opens one case for a form sent 3 times, 2 of them at once: each answered with the same page, rep and manager emailed once, one allowance used", async () => {
    const { manager, rep, link } = await aCustomerOfATeam();
    const body = await openForm(link, { what: "The order arrived twice and we were billed twice.", urgency: "today", reply: "contact" });
    const sent = [...(await Promise.all([post(link, body), post(link, body)])), await post(link, body)];
    expect(sent.map((res) => res.status)).toEqual([303, 303, 303]);
    expect(new Set(sent.map((res) => res.headers.get("location"))).size).toBe(1);
    expect(await casesOf(rep.id)).toHaveLength(1);
    expect(await inbox(rep.email)).toHaveLength(1);
    expect(await inbox(manager)).toHaveLength(1);
    // One of the day's 5 was used: 4 more go through, and the next is refused.
    for (let i = 2; i <= 5; i++) expect((await raiseJson(link, concern(i))).status, `concern ${i}`).toBe(201);
    expect((await raiseJson(link, concern(6))).status).toBe(429);
  });

  it("answers a JSON caller's retry with the same submission value 200 and the case it opened, even once the day's allowance is spent", async () => {
    const { rep, link } = await aCustomerOfATeam(null);
    const retried = { what: "The invoice names the wrong company.", urgency: "this-week", reply: "contact", submission: "crm-retry-0001-abcdef" };
    const first = await raiseJson(link, retried);
    expect(first.status).toBe(201);
    const answer = await first.json();
    const again = await raiseJson(link, retried);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answer);
    expect(await casesOf(rep.id)).toHaveLength(1);
    for (let i = 2; i <= 5; i++) expect((await raiseJson(link, concern(i))).status, `concern ${i}`).toBe(201);
    expect((await raiseJson(link, retried)).status).toBe(200);
    expect((await raiseJson(link, { ...retried, submission: "crm-retry-0002-abcdef" })).status).toBe(429);
    const refused = await raiseJson(link, { ...retried, submission: "not one!" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.fields).toEqual({ submission: "Submission must be 16 to 64 letters, digits, - or _" });
  });
});
