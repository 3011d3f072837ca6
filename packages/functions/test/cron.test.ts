import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { LambdaContext } from "hono/aws-lambda";
import { Clock } from "@rapport/core/clock/index";
import { configure } from "@rapport/core/config";
import { FollowUp } from "@rapport/core/followup/index";
import { logger } from "@rapport/core/log/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Submission } from "@rapport/core/submission/index";
import type { ReportCardInput } from "@rapport/core/survey/index";
import { handler, JobStepsFailed } from "../src/cron.ts";
import { aCustomer, aRep, email } from "../../../test/support/fixtures.ts";
import { captureOutput, metricTotal } from "../../../test/support/output.ts";

const admin = { kind: "cli", id: "test" } as const;

/** An EventBridge scheduled event, as AWS documents and delivers it. */
const scheduledEvent = {
  version: "0",
  id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: "123456789012",
  time: "2026-11-22T09:00:00Z",
  region: "us-east-1",
  resources: ["arn:aws:events:us-east-1:123456789012:rule/rapport-prod-JobsRule"],
  detail: {},
};

const context: LambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: "rapport-test-JobsFunction",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:rapport-test-JobsFunction",
  memoryLimitInMB: "512",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
  logGroupName: "/aws/lambda/rapport-test-JobsFunction",
  logStreamName: "2026/11/22/[$LATEST]0123456789abcdef",
  getRemainingTimeInMillis: () => 300_000,
};

let restore: (() => void) | undefined;
const quiet = logger.getLevelName();
beforeEach(() => logger.setLogLevel("INFO"));
afterEach(() => {
  restore?.();
  restore = undefined;
  configure({ metrics: false });
  logger.setLogLevel(quiet);
});

/** A rep (with a manager) whose customer rated them poorly and agreed to be contacted: a recovery case waits to be announced. */
async function openCase() {
  const rep = await aRep({ managerEmail: email("manager") });
  const customer = await aCustomer(rep.id);
  const inv = await Invitation.send({ customerId: customer.id, kind: "report-card" }, admin);
  // A tapped rating tells nobody for 10 minutes: the announcement is the job's.
  const poor: ReportCardInput = { ratings: { listening: 1 }, shareName: false, contactOk: true };
  const { invitation } = await Submission.submitReportCard(inv, poor, { tapped: true });
  return { rep, followUpId: invitation.recoveryId! };
}

describe("the scheduled job's Lambda (CronV2)", () => {
  it("runs on an EventBridge scheduled event, logs its report with the invocation's request id and writes its metrics", async () => {
    configure({ metrics: true });
    const { lines } = await captureOutput(() => handler(scheduledEvent, context));
    const report = lines.find((line) => line.message === "scheduled job");
    expect(report).toMatchObject({ level: "INFO", service: "rapport", requestId: context.awsRequestId, function_request_id: context.awsRequestId, scheduledAt: scheduledEvent.time, errors: 0 });
    expect(report?.timestamp).toEqual(expect.any(String));
    expect(metricTotal(lines, "JobDuration")).toBeGreaterThan(0);
  });

  it("refuses an event that is not an object, before running anything", async () => {
    await expect(captureOutput(() => handler("rate(1 minute)", context))).rejects.toThrow(/object/i);
  });

  it("finishes every step when one fails, logs the failure with its ids and no address, then fails the invocation", async () => {
    const failing = await openCase();
    const fine = await openCase();
    // SES refuses the failing rep's address and names it in its error, as SES does for an unverified identity.
    const ses = mockClient(SESv2Client);
    restore = () => ses.restore();
    ses.on(SendEmailCommand).resolves({ MessageId: "0100018c-accepted" });
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: [failing.rep.email] } })
      .rejects(Object.assign(new Error(`Email address is not verified. The following identities failed the check in region US-EAST-1: ${failing.rep.email}`), { name: "MessageRejected" }));
    configure({ metrics: true });

    const later = new Date(Date.now() + 11 * 60_000);
    const { result, lines, raw } = await captureOutput(() => Clock.at(later, () => handler(scheduledEvent, context)).then(() => undefined, (error: unknown) => error));
    expect(result).toBeInstanceOf(JobStepsFailed);

    const failure = lines.find((line) => line.message === "scheduled job step failed; it stays due" && line.followUpId === failing.followUpId);
    expect(failure).toMatchObject({ level: "ERROR", service: "rapport", requestId: context.awsRequestId, step: "managersNotified", repId: failing.rep.id });
    expect((failure?.error as { name: string; message: string }).name).toBe("MessageRejected");
    expect((failure?.error as { message: string }).message).toContain("failed the check in region US-EAST-1: [email]");
    expect(raw).not.toContain(failing.rep.email);
    expect(raw).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);

    // The other case was announced in the same run, and the failing one stays due for the next.
    expect((await FollowUp.get(fine.followUpId))?.repNotifiedAt).toEqual(expect.any(String));
    expect((await FollowUp.get(failing.followUpId))?.repNotifiedAt).toBeUndefined();
    expect(lines.find((line) => line.message === "scheduled job")).toMatchObject({ errors: 1 });
    expect(metricTotal(lines, "JobStepFailures")).toBe(1);
    expect(metricTotal(lines, "RecoveryEmailsSent")).toBeGreaterThanOrEqual(2);
  });
});
