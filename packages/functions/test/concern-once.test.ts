import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "@rapport/core/db/index";
import { captureOutput } from "../../../test/support/output.ts";
import { inbox } from "../../../test/support/inbox.ts";
import { aCustomerOfATeam, casesOf, openForm, post, raiseJson, tableItems } from "./concern-support.ts";

const concern = (i: number) => ({ what: `Problem number ${i}`, urgency: "no-rush", reply: "anonymous" });

/** Runs `work` while every transaction fails with `fault` (given the transaction's items). */
async function whileFailing<T>(fault: (items: unknown[]) => Error, work: () => Promise<T>): Promise<T> {
  const mock = mockClient(db());
  mock.send.callThrough();
  mock.on(TransactWriteCommand).callsFake((input: { TransactItems: unknown[] }) => {
    throw fault(input.TransactItems);
  });
  try {
    return await work();
  } finally {
    mock.restore();
  }
}

/** A transaction cancelled with `code` on its last item (ThrottlingError: not a failed condition) or on every item. */
const cancelled = (code: "ThrottlingError" | "TransactionConflict") => (items: unknown[]) =>
  new TransactionCanceledException({
    message: "Transaction cancelled",
    $metadata: {},
    CancellationReasons: items.map((_, i) => ({ Code: code === "TransactionConflict" || i === items.length - 1 ? code : "None" })),
  });
const whileCancelled = <T>(work: () => Promise<T>) => whileFailing(cancelled("ThrottlingError"), work);

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

describe("a concern that could not be written", () => {
  const what = "Charles here: the pallet was crushed again.";

  it("comes back as the form with what they wrote and \"We could not send it; please try again\" (503), logged by ids only; sent again, it opens one case", async () => {
    const { rep, customer, link } = await aCustomerOfATeam();
    const body = await openForm(link, { what, urgency: "today", reply: "anonymous" });
    const unexpected = () => Object.assign(new Error("We encountered an internal error. Please try again."), { name: "InternalServerError" });
    const { result: res, lines, raw } = await captureOutput(() => whileFailing(unexpected, () => post(link, body)));
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("We could not send it; please try again");
    expect(html).toContain(what);
    expect(html).toMatch(/name="urgency" value="today" checked/);
    expect(html).not.toContain("already received");
    expect(lines.find((line) => line.message === "concern could not be raised")).toMatchObject({ level: "ERROR", error: { name: "InternalServerError" } });
    for (const personal of [customer.id, customer.name, customer.email, "pallet"]) expect(raw).not.toContain(personal);
    expect(await casesOf(rep.id)).toEqual([]);
    expect((await post(link, body)).status).toBe(303);
    expect(await casesOf(rep.id)).toHaveLength(1);
  });

  it("comes back as the form (409) when the write kept colliding with another, never as \"answers already received\"", async () => {
    const { rep, link } = await aCustomerOfATeam();
    const body = await openForm(link, { what, urgency: "this-week", reply: "contact" });
    const res = await whileFailing(cancelled("TransactionConflict"), () => post(link, body));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("We could not send it; please try again");
    expect(html).toContain(what);
    expect(html).not.toContain("already received");
    expect((await post(link, body)).status).toBe(303);
    expect(await casesOf(rep.id)).toHaveLength(1);
  });
});
