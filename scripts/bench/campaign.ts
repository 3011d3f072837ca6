// Section campaign: a report-card campaign to every customer of the organization. Times queueing
// (Campaign.start) and sending (Invitation.deliver, SendBulkEmail in batches of 50) apart, counts the
// SES and DynamoDB requests of each, and sets the send rate beside the emulator's raw SendBulkEmail rate.
import { dynamo } from "@rapport/core/db/index";
import { config } from "@rapport/core/config";
import { Email, BULK_LIMIT } from "@rapport/core/email/index";
import { Campaign } from "@rapport/core/campaign/index";
import { Invitation } from "@rapport/core/invitation/index";
import { renderInvitationEmail } from "@rapport/core/email/templates/invitation";
import {
  actor,
  countRequests,
  makeCustomers,
  makeReps,
  RequestCounter,
  round,
  seconds,
  startLocal,
  storedEmailCount,
  timed,
  type Row,
} from "./harness.ts";

/** 10,000 unless that takes over 8 minutes on the bench machine; then 5,000 (and the output says so). */
const CUSTOMERS = 10_000;
const REPS = 50;
const RAW_CALLS = 200;

/** A SendBulkEmail of 50 like the dispatcher's: the invitation template with placeholders, per-recipient data and headers. */
function rawBatch(call: number) {
  const placeholders = (suffix: string) => ({
    customerName: `{{customerName${suffix}}}`,
    repName: `{{repName${suffix}}}`,
    surveyUrl: `{{surveyUrl${suffix}}}`,
    unsubscribeUrl: `{{unsubscribeUrl${suffix}}}`,
    expiresOn: `{{expiresOn${suffix}}}`,
  });
  const base = {
    kind: "report-card" as const,
    reminder: false,
    orgName: config().orgName,
    brandColor: config().brandColor,
    firstBehaviour: "Listens and understands what matters to me",
  };
  const { html } = renderInvitationEmail({ ...base, ...placeholders("_html") });
  const { subject, text } = renderInvitationEmail({ ...base, ...placeholders("") });
  const recipients = Array.from({ length: BULK_LIMIT }, (_, i) => {
    const to = `raw${call}-${i}@bench.example`;
    const values = {
      customerName: "Sam",
      repName: "Ana Lopez",
      surveyUrl: `${config().appUrl}/s/${"x".repeat(43)}`,
      unsubscribeUrl: `${config().appUrl}/u/${"y".repeat(43)}`,
      expiresOn: "Mon, 21 Dec 2026",
    };
    const data: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) Object.assign(data, { [name]: value, [`${name}_html`]: value });
    return {
      to,
      data,
      headers: { "List-Unsubscribe": `<${values.unsubscribeUrl}>, <mailto:unsubscribe@bench.example?subject=unsubscribe>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    };
  });
  return { template: { subject, html, text }, recipients };
}

export async function campaign(): Promise<Row[]> {
  const local = await startLocal("campaign");
  try {
    const prep = await timed(async () => {
      const reps = await makeReps(REPS, "cmp");
      return makeCustomers(reps, CUSTOMERS, "cmp");
    });
    console.log(`prepared ${REPS} reps and ${prep.result.length} customers in ${seconds(prep.ms)} s (not counted)`);

    const dynamoCounts = new RequestCounter();
    const sesCounts = new RequestCounter();
    countRequests(dynamo().middlewareStack, dynamoCounts);
    countRequests((await Email.ses()).middlewareStack, sesCounts);

    // Queueing: everyone's report card, as POST /v1/campaigns does before it answers.
    const queue = await timed(() => Campaign.start({ kind: "report-card" }, actor));
    const queueDynamo = dynamoCounts.describe();
    const queueSes = sesCounts.total();
    if (queue.result.queued !== CUSTOMERS) throw new Error(`queued ${queue.result.queued} of ${CUSTOMERS} (skipped ${queue.result.skipped.length})`);

    // Sending: what the route does right after its answer.
    dynamoCounts.reset();
    sesCounts.reset();
    const sendStarted = performance.now();
    const send = await timed(() => Invitation.deliver(queue.result.invitations));
    const sentCount = send.result.filter((inv) => inv.status === "sent").length;
    const sesCalls = sesCounts.total();
    const sesMs = [...sesCounts.ms.values()].reduce((a, b) => a + b, 0);
    const beforeFirstSes = sesCounts.firstAt === undefined ? send.ms : sesCounts.firstAt - sendStarted;
    const sendDynamo = dynamoCounts.describe();
    const sendSes = sesCounts.describe();
    // The suppression BatchGets run one after another, so their summed time is wall time.
    const batchGetMs = dynamoCounts.ms.get("BatchGetItem") ?? 0;
    const stored = await storedEmailCount();
    if (sentCount !== CUSTOMERS) throw new Error(`sent ${sentCount} of ${CUSTOMERS}`);
    await fetch(`${local.sesEndpoint}/clear-store`, { method: "POST" });

    // The emulator's own pace: bare SendBulkEmail calls of 50, one after another as the dispatcher sends them.
    sesCounts.reset();
    const batches = Array.from({ length: RAW_CALLS }, (_, i) => rawBatch(i));
    for (const batch of batches.slice(0, 10)) await Email.sendBulk(batch.template, batch.recipients); // warm-up, not counted
    sesCounts.reset();
    const rawRun = await timed(async () => {
      for (const batch of batches) {
        const results = await Email.sendBulk(batch.template, batch.recipients);
        if (results.some((r) => !("messageId" in r))) throw new Error("the emulator refused a raw SendBulkEmail entry");
      }
    });
    const rawCallsPerSecond = RAW_CALLS / (rawRun.ms / 1000);
    const sendCallsPerSecond = sesCalls / (send.ms / 1000);
    const ratio = round(sendCallsPerSecond / rawCallsPerSecond, 3);

    const scaled = CUSTOMERS === 10_000 ? "" : ` (scaled down from 10,000: 10,000 took over 8 minutes)`;
    return [
      {
        phase: `Campaign.start (queue ${CUSTOMERS} over ${REPS} reps)${scaled}`,
        seconds: seconds(queue.ms),
        items: queue.result.queued,
        perSecond: round(queue.result.queued / (queue.ms / 1000), 1),
        sesCalls: queueSes,
        emailsPerCall: null,
        dynamoRequests: queueDynamo,
      },
      {
        phase: "Invitation.deliver (send)",
        seconds: seconds(send.ms),
        items: sentCount,
        perSecond: round(sentCount / (send.ms / 1000), 1),
        sesCalls,
        emailsPerCall: round(sentCount / Math.max(1, sesCalls), 1),
        dynamoRequests: sendDynamo,
      },
      {
        phase: "  of which before the first SES call",
        seconds: seconds(beforeFirstSes),
        note: `${dynamoCounts.get("BatchGetItem")} suppression BatchGetItem in ${seconds(batchGetMs)} s (one at a time), then ${dynamoCounts.get("UpdateItem")} claims (UpdateItem, 25 at a time) in ${seconds(beforeFirstSes - batchGetMs)} s`,
      },
      {
        phase: "  of which SES HTTP round trips",
        seconds: seconds(sesMs),
        note: `${sendSes || "no SES calls"}; the emulator's store holds ${stored ?? "?"} emails`,
      },
      { phase: "queue + send", seconds: seconds(queue.ms + send.ms), items: sentCount, perSecond: round(sentCount / ((queue.ms + send.ms) / 1000), 1) },
      {
        phase: `raw SendBulkEmail ×${RAW_CALLS} (${BULK_LIMIT} each, sequential)`,
        seconds: seconds(rawRun.ms),
        items: RAW_CALLS * BULK_LIMIT,
        perSecond: round((RAW_CALLS * BULK_LIMIT) / (rawRun.ms / 1000), 1),
        sesCalls: sesCounts.total(),
        emailsPerCall: BULK_LIMIT,
        note: `${round(rawCallsPerSecond, 1)} calls/s`,
      },
      {
        phase: "ratio send / raw (SES calls per second)",
        perSecond: ratio,
        note: `send ${round(sendCallsPerSecond, 2)} calls/s vs raw ${round(rawCallsPerSecond, 2)} calls/s`,
      },
    ];
  } finally {
    await local.stop();
  }
}
