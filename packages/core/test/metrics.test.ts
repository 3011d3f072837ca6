import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configure } from "@rapport/core/config";
import { Invitation } from "@rapport/core/invitation/index";
import { Metric } from "@rapport/core/metrics/index";
import { Submission } from "@rapport/core/submission/index";
import type { ReportCardInput } from "@rapport/core/survey/index";
import { applySesEvent } from "@rapport/core/email/events";
import { aCustomer, aRep, email } from "../../../test/support/fixtures.ts";
import { captureOutput, metricTotal } from "../../../test/support/output.ts";

const admin = { kind: "cli", id: "test" } as const;
const poor: ReportCardInput = { ratings: { listening: 1, follow_up: 2 }, shareName: false, contactOk: true };

beforeEach(() => configure({ metrics: true }));
afterEach(() => configure({ metrics: false }));

/** Runs `work`, then writes the metrics as a Lambda does at the end of an invocation; answers the EMF lines. */
async function emitted(work: () => Promise<unknown>) {
  await captureOutput(async () => Metric.flush()); // what earlier steps counted, left out
  const { lines } = await captureOutput(async () => {
    await work();
    Metric.flush();
  });
  return lines.filter((line) => line._aws);
}

describe("metrics (EMF, namespace Rapport)", () => {
  it("counts a sent invitation, a first report card, the recovery case it opens and the emails announcing it; a revision counts no new response", async () => {
    const rep = await aRep({ managerEmail: email("manager") });
    const customer = await aCustomer(rep.id);
    const sent = await emitted(() => Invitation.send({ customerId: customer.id, kind: "report-card" }, admin));
    // One invitation, one SendEmail accepted by SES.
    expect(metricTotal(sent, "EmailsSent")).toBe(1);
    expect(metricTotal(sent, "InvitationsSent")).toBe(1);
    expect(metricTotal(sent, "RemindersSent")).toBe(0);
    expect(sent[0]).toMatchObject({ service: "rapport", _aws: { CloudWatchMetrics: [{ Namespace: "Rapport", Dimensions: [["service"]] }] } });

    const inv = await Invitation.send({ customerId: (await aCustomer(rep.id)).id, kind: "report-card" }, admin);
    const first = await emitted(() => Submission.submitReportCard(inv, poor));
    expect(metricTotal(first, "ReportCardsCounted")).toBe(1);
    expect(metricTotal(first, "RecoveryCasesOpened")).toBe(1);
    // The case names the customer (contactOk): the rep and the manager are told, 2 emails.
    expect(metricTotal(first, "RecoveryEmailsSent")).toBe(2);
    expect(metricTotal(first, "EmailsSent")).toBe(2);

    const revised = await emitted(async () => Submission.submitReportCard(await Invitation.mustGet(inv.id), { ...poor, ratings: { listening: 2, follow_up: 2 } }));
    expect(metricTotal(revised, "ReportCardsCounted")).toBe(0);
    expect(metricTotal(revised, "RecoveryCasesOpened")).toBe(0);
  });

  it("counts bounced and complaining recipients", async () => {
    const bounced = [email("gone"), email("gone")];
    const lines = await emitted(async () => {
      await applySesEvent({ notificationType: "Bounce", mail: { messageId: "m-bounce" }, bounce: { bounceType: "Permanent", bouncedRecipients: bounced.map((emailAddress) => ({ emailAddress })) } });
      await applySesEvent({ notificationType: "Complaint", mail: { messageId: "m-complaint" }, complaint: { complainedRecipients: [{ emailAddress: email("angry") }] } });
    });
    expect(metricTotal(lines, "Bounces")).toBe(2);
    expect(metricTotal(lines, "Complaints")).toBe(1);
  });

  it("writes nothing where metrics are off (the local runner)", async () => {
    configure({ metrics: false });
    const customer = await aCustomer((await aRep()).id);
    const lines = await emitted(() => Invitation.send({ customerId: customer.id, kind: "report-card" }, admin));
    expect((await Invitation.mustGet((await Invitation.send({ customerId: customer.id, kind: "onboarding" }, admin)).id)).status).toBe("sent");
    expect(lines).toEqual([]);
  });
});
