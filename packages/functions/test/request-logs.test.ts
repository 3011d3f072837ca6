import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { Invitation } from "@rapport/core/invitation/index";
import { logger } from "@rapport/core/log/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, email } from "../../../test/support/fixtures.ts";
import { captureOutput } from "../../../test/support/output.ts";

const admin = { kind: "cli", id: "test" } as const;
const app = createApp();
const quiet = logger.getLevelName();
let restore: (() => void) | undefined;
beforeEach(() => logger.setLogLevel("WARN"));
afterEach(() => {
  restore?.();
  restore = undefined;
  logger.setLogLevel(quiet);
});

/** A customer's poor report card, consent to be contacted given: it opens a recovery case that tells the rep at once. */
async function poorCard() {
  const rep = await aRep({ managerEmail: email("manager") });
  const customer = await aCustomer(rep.id);
  const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, admin);
  if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
  return { rep, invitationId: created.invitation.id, token: Invitation.tokenOf(created.invitation.id) };
}

describe("log lines written while a request runs", () => {
  it("carry that request's X-Request-Id and the ids at hand, even from core and with requests running at once, and never an address", async () => {
    const cards = await Promise.all([poorCard(), poorCard()]);
    // SES refuses every email and names the recipient in its error: announcing each case fails and is logged.
    const ses = mockClient(SESv2Client);
    restore = () => ses.restore();
    ses.on(SendEmailCommand).callsFake((input: { Destination: { ToAddresses: string[] } }) => {
      throw Object.assign(new Error(`Email address is not verified: ${input.Destination.ToAddresses[0]}`), { name: "MessageRejected" });
    });
    const body = JSON.stringify({ ratings: { listening: 1, follow_up: 2 }, contactOk: true });
    const { result, lines, raw } = await captureOutput(() =>
      Promise.all(
        cards.map((card, i) =>
          app.request(`/s/${card.token}`, { method: "POST", headers: { "content-type": "application/json", "X-Request-Id": `req-card-${i}` }, body }),
        ),
      ),
    );
    expect(result.map((res) => res.status)).toEqual([200, 200]);

    cards.forEach((card, i) => {
      const line = lines.find((l) => l.message === "recovery notification failed; the scheduled job retries it" && l.invitationId === card.invitationId);
      expect(line).toMatchObject({ level: "WARN", service: "rapport", requestId: `req-card-${i}`, repId: card.rep.id, followUpId: expect.stringMatching(/^fup_/) });
      expect(line?.error).toMatchObject({ name: "MessageRejected", message: "Email address is not verified: [email]", stack: expect.stringContaining("MessageRejected: Email address is not verified: [email]") });
      expect(raw).not.toContain(card.rep.email);
    });
  });
});
