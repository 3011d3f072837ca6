import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { mockClient } from "aws-sdk-client-mock";
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "@rapport/core/config";
import { db, tableName, transact } from "@rapport/core/db/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Suppression } from "@rapport/core/suppression/index";
import { Audit } from "@rapport/core/audit/index";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";
import { inbox } from "../../../test/support/inbox.ts";

const cli = { kind: "cli", id: "test" } as const;
const ses = { kind: "system", id: "ses-events" } as const;

/** A queued report-card invitation for a new customer of a new rep. */
async function queued(kind: "report-card" | "onboarding" = "report-card") {
  const rep = await aRep();
  const customer = await aCustomer(rep.id);
  const created = await Invitation.create({ customerId: customer.id, kind }, cli);
  if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
  return { customer, invitation: created.invitation };
}

const stored = async (id: string) => (await db().send(new GetCommand({ TableName: tableName(), Key: Invitation.keyOf(id), ConsistentRead: true }))).Item!;

describe("a suppressed address gets no email", () => {
  it("is not invited at all: the invitation is skipped and nothing is stored", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    await Suppression.suppress(customer.email.toUpperCase(), "complaint", ses);
    expect(await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli)).toEqual({ skipped: "suppressed" });
    await expect(Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli)).rejects.toMatchObject({ status: 409, code: "suppressed" });
    expect(await inbox(customer.email)).toHaveLength(0);
  });

  it("is not sent an invitation queued before the address was suppressed, and the invitation leaves the queue", async () => {
    const { customer, invitation } = await queued();
    await Suppression.suppress(customer.email, "unsubscribe", cli);
    const [delivered] = await Invitation.deliver([invitation]);
    expect(delivered).toMatchObject({ id: invitation.id, status: "suppressed" });
    const item = await stored(invitation.id);
    expect(item.status).toBe("suppressed");
    expect(item.gsi2pk).toBeUndefined();
    expect(item.dueAction).toBeUndefined();
    expect(await inbox(customer.email)).toHaveLength(0);
  });

  it("is left out of a batch while the other addresses are sent theirs", async () => {
    const a = await queued();
    const b = await queued();
    const c = await queued();
    // Suppressed in a different case from the address on the invitation: still the same mailbox.
    await Suppression.suppress(b.customer.email.toUpperCase(), "bounce", ses);
    const delivered = await Invitation.deliver([a.invitation, b.invitation, c.invitation]);
    expect(new Map(delivered.map((inv) => [inv.id, inv.status]))).toEqual(
      new Map([
        [a.invitation.id, "sent"],
        [b.invitation.id, "suppressed"],
        [c.invitation.id, "sent"],
      ]),
    );
    expect(await inbox(a.customer.email)).toHaveLength(1);
    expect(await inbox(b.customer.email)).toHaveLength(0);
    expect(await inbox(c.customer.email)).toHaveLength(1);
  });

  it("gets no reminder once suppressed after the first email, whether or not the email was opened", async () => {
    const unopened = await queued();
    const opened = await queued();
    const sent = await Invitation.deliver([unopened.invitation, opened.invitation]);
    expect(sent.map((inv) => inv.status)).toEqual(["sent", "sent"]);
    await Invitation.markOpened(sent.find((inv) => inv.id === opened.invitation.id)!);
    expect((await stored(opened.invitation.id)).status).toBe("opened");
    await Suppression.suppress(unopened.customer.email, "unsubscribe", cli);
    await Suppression.suppress(opened.customer.email, "complaint", ses);
    const reminded = await Invitation.deliver(sent, { reminder: true });
    expect(reminded.map((inv) => inv.status)).toEqual(["suppressed", "suppressed"]);
    for (const { customer, invitation } of [unopened, opened]) {
      expect(await inbox(customer.email)).toHaveLength(1);
      const item = await stored(invitation.id);
      expect(item.status).toBe("suppressed");
      expect(item.reminderSentAt).toBeUndefined();
      expect(item.gsi2pk).toBeUndefined();
    }
  });

  it("does not undo an answer: an answered invitation stays answered when its address is suppressed later", async () => {
    const { customer, invitation } = await queued();
    await Invitation.deliver([invitation]);
    await Suppression.suppress(customer.email, "unsubscribe", cli);
    const { Submission } = await import("@rapport/core/submission/index");
    await Submission.submitReportCard(await Submission.open(Invitation.tokenOf(invitation.id)), {
      ratings: { listening: 4, follow_up: 4, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" },
    });
    await Invitation.deliver([invitation], { reminder: true });
    expect((await stored(invitation.id)).status).toBe("answered");
  });
});

describe("the suppression list", () => {
  it("does not report an address as already suppressed when storing it failed", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } });
    const mock = mockClient(DynamoDBDocumentClient);
    mock.on(TransactWriteCommand).rejects(throttled);
    try {
      await expect(Suppression.suppress("throttled@example.com", "unsubscribe", cli)).rejects.toMatchObject({ name: "ThrottlingException" });
    } finally {
      mock.restore();
    }
    expect(await Suppression.isSuppressed("throttled@example.com")).toBe(false);
  });

  it("keeps the first reason and answers whether an address was new to it, whatever its case", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    const mixed = customer.email.replace(/^./, (c) => c.toUpperCase());
    expect(await Suppression.isSuppressed(customer.email)).toBe(false);
    expect(await Suppression.suppress(mixed, "bounce", ses, { bounceType: "Permanent" })).toBe(true);
    expect(await Suppression.suppress(customer.email, "unsubscribe", cli)).toBe(false);
    expect(await Suppression.isSuppressed(customer.email.toUpperCase())).toBe(true);
    const entries = (await Audit.forEntity(customer.email)).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "suppression.bounce", actor: ses, detail: { bounceType: "Permanent" } });
    expect(await Suppression.suppressedAmong([mixed, customer.email, "nobody@example.com"])).toEqual(new Set([customer.email]));
  });

  it("finds the address behind the unsubscribe link of an email it sent, and nothing for a tampered link", async () => {
    const { customer, invitation } = await queued("onboarding");
    await Invitation.deliver([invitation]);
    const token = Suppression.unsubscribeToken(customer.email);
    expect(Suppression.unsubscribeToken(customer.email.toUpperCase())).toBe(token);
    expect(await Suppression.addressOf(token)).toBe(customer.email);
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(await Suppression.addressOf(tampered)).toBeUndefined();
    expect(await Suppression.addressOf("short")).toBeUndefined();
    expect(await Suppression.addressOf(`${token}!`)).toBeUndefined();
    expect(await Suppression.addressOf(`!${token}`)).toBeUndefined();
  });

  it("gives every address a link of its own, the same whatever the case of the address, and keeps links already sent working", async () => {
    // Links in emails already sent must keep working: the token is the HMAC-SHA256 of "unsubscribe:<address in lower case>".
    const expected = createHmac("sha256", config().tokenSecret).update("unsubscribe:ana.lima@example.com").digest("base64url");
    expect(Suppression.unsubscribeToken("Ana.Lima@Example.com")).toBe(expected);
    // Whatever characters a token holds, its link finds its address: probe addresses until their tokens used each kind.
    const kinds = ["-", "_", "A", "Z", "a", "z", "0", "9"];
    const seen = new Set<string>();
    const probes: string[] = [];
    for (let i = 0; kinds.some((c) => !seen.has(c)); i++) {
      const probe = `probe${i}.${Date.now().toString(36)}@example.com`;
      const token = Suppression.unsubscribeToken(probe);
      if (!kinds.some((c) => !seen.has(c) && token.includes(c))) continue;
      probes.push(probe);
      for (const c of token) seen.add(c);
    }
    await transact(probes.map((probe) => Suppression.tokenItem(probe)));
    for (const probe of probes) expect(await Suppression.addressOf(Suppression.unsubscribeToken(probe))).toBe(probe);
    expect(new Set(probes.map((probe) => Suppression.unsubscribeToken(probe))).size).toBe(probes.length);
  });
});
