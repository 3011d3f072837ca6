// Section campaign: a report-card campaign to 10,000 customers, as an admin starts it (POST /v1/campaigns)
// and the campaign worker sends it from the table's stream. Measures the API's answer, the send rate beside
// the emulator's raw SendBulkEmail rate in the same run, and the DynamoDB requests the worker makes per email.
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ApiKey } from "@rapport/core/api-key/index";
import { db, dynamo, queryAll, tableName } from "@rapport/core/db/index";
import { customerKeys } from "@rapport/core/customer/keys";
import { Rep } from "@rapport/core/rep/index";
import { config } from "@rapport/core/config";
import { Email, BULK_LIMIT } from "@rapport/core/email/index";
import { renderInvitationEmail } from "@rapport/core/email/templates/invitation";
import { createApp } from "@rapport/functions/api/app";
import { startCampaignWorker } from "@rapport/local/worker";
import { batchPut } from "./bulk.ts";
import { actor, countRequests, pool, makeCustomers, makeReps, RequestCounter, round, seconds, startLocal, storedEmailCount, timed, type Row } from "./harness.ts";

const CUSTOMERS = 10_000;
const REPS = 50;
const RAW_CALLS = 200;

/** A SendBulkEmail of 50 like the campaign worker's: the invitation template with placeholders, per-recipient data and headers. */
function rawBatch(call: number) {
  const placeholders = (suffix: string) => ({
    customerName: `{{customerName${suffix}}}`,
    repName: `{{repName${suffix}}}`,
    surveyUrl: `{{surveyUrl${suffix}}}`,
    unsubscribeUrl: `{{unsubscribeUrl${suffix}}}`,
    profileUrl: `{{profileUrl${suffix}}}`,
    concernUrl: `{{concernUrl${suffix}}}`,
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
      profileUrl: `${config().appUrl}/p/${"z".repeat(79)}`,
      concernUrl: `${config().appUrl}/c/${"w".repeat(83)}`,
      expiresOn: "Mon, 21 Dec 2026",
    };
    const data: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) Object.assign(data, { [name]: value, [`${name}_html`]: value });
    return {
      to,
      data,
      headers: { "List-Unsubscribe": `<${values.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    };
  });
  return { template: { subject, html, text }, recipients };
}

/** The campaign's status and sent count, read with a client of its own so the worker's requests are counted alone. */
async function progress(client: DynamoDBClient, id: string): Promise<{ status: string; sent: number }> {
  const { Item } = await client.send(new GetItemCommand({ TableName: config().tableName, Key: { pk: { S: `CAMPAIGN#${id}` }, sk: { S: "CAMPAIGN" } }, ConsistentRead: true }));
  return { status: Item?.status?.S ?? "missing", sent: Number(Item?.sent?.N ?? 0) };
}

/**
 * The DynamoDB work no campaign design can skip, on the same DynamoDB Local: read the customers (the
 * fan-out's queries), write them as batches of 50, and per batch one claim and one count, as if every
 * invitation lived in its batch's one record (no item per email at all). Written to a partition of its
 * own. Its time is the floor under the worker's, so it bounds the send-rate ratio any design reaches here.
 */
async function floor(): Promise<number> {
  const run = await timed(async () => {
    const reps = await Rep.all();
    const customers = (
      await Promise.all(reps.map((rep) => queryAll<{ id: string; name: string; email: string; repId: string }>({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": customerKeys.byRepPartition(rep.id) } })))
    ).flat();
    const batches: Record<string, unknown>[] = [];
    for (let i = 0; i < customers.length; i += BULK_LIMIT) {
      const members = customers.slice(i, i + BULK_LIMIT).map((c) => ({ id: c.id, name: c.name, email: c.email, repId: c.repId }));
      batches.push({ pk: "BENCH#FLOOR", sk: `BATCH#${i / BULK_LIMIT}`, status: "pending", customers: members });
    }
    await batchPut(batches);
    await pool(batches, 4, async (batch) => {
      const members = batch.customers as { id: string }[];
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: batch.pk, sk: batch.sk },
          UpdateExpression: "SET #status = :sending, invitations = :invitations",
          ConditionExpression: "#status = :pending",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":sending": "sending", ":pending": "pending", ":invitations": members.map((c) => ({ id: `inv_${c.id}`, customerId: c.id })) },
        }),
      );
      await db().send(new UpdateCommand({ TableName: tableName(), Key: { pk: "BENCH#FLOOR", sk: "COUNTS" }, UpdateExpression: "ADD sent :n", ExpressionAttributeValues: { ":n": members.length } }));
    });
  });
  return run.ms;
}

export async function campaign(): Promise<Row[]> {
  const local = await startLocal("campaign");
  const reader = new DynamoDBClient({ endpoint: local.dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const prep = await timed(async () => {
      const reps = await makeReps(REPS, "cmp");
      return makeCustomers(reps, CUSTOMERS, "cmp");
    });
    console.log(`prepared ${REPS} reps and ${prep.result.length} customers in ${seconds(prep.ms)} s (not counted)`);

    // The emulator's own pace first: bare SendBulkEmail calls of 50, one after another.
    const batches = Array.from({ length: RAW_CALLS }, (_, i) => rawBatch(i));
    for (const batch of batches.slice(0, 10)) await Email.sendBulk(batch.template, batch.recipients); // warm-up, not counted
    const rawRun = await timed(async () => {
      for (const batch of batches) {
        const results = await Email.sendBulk(batch.template, batch.recipients);
        if (results.some((r) => !("messageId" in r))) throw new Error("the emulator refused a raw SendBulkEmail entry");
      }
    });
    const rawPerSecond = (RAW_CALLS * BULK_LIMIT) / (rawRun.ms / 1000);
    await fetch(`${local.sesEndpoint}/clear-store`, { method: "POST" });

    const { key } = await ApiKey.create({ name: "bench", scopes: ["admin"] }, actor);
    const app = createApp();
    const worker = await startCampaignWorker();
    const dynamoCounts = new RequestCounter();
    const sesCounts = new RequestCounter();
    countRequests(dynamo().middlewareStack, dynamoCounts);
    countRequests((await Email.ses()).middlewareStack, sesCounts);
    try {
      // The admin's request: everyone's report card.
      const answer = await timed(async () => {
        const res = await app.request("/v1/campaigns", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ kind: "report-card" }) });
        if (res.status !== 202) throw new Error(`POST /v1/campaigns answered ${res.status}: ${await res.text()}`);
        return (await res.json()) as { id: string; total: number };
      });
      const apiRequests = dynamoCounts.describe();
      dynamoCounts.reset();
      // The worker's part, from the answer to the campaign done.
      const sending = await timed(async () => {
        for (;;) {
          const now = await progress(reader, answer.result.id);
          if (now.status !== "queued" && now.status !== "sending") return now;
          await new Promise((ok) => setTimeout(ok, 50));
        }
      });
      const { sent, status } = sending.result;
      if (status !== "done" || sent !== CUSTOMERS) throw new Error(`the campaign ended ${status} with ${sent} of ${CUSTOMERS} sent`);
      const stored = await storedEmailCount();
      const sendPerSecond = sent / (sending.ms / 1000);
      const workerRequests = dynamoCounts.total();
      const floorMs = await floor();
      // Even with SES calls fully overlapped with that DynamoDB work, the campaign takes the longer of the two.
      const ceiling = CUSTOMERS / (Math.max(floorMs, rawRun.ms * (CUSTOMERS / (RAW_CALLS * BULK_LIMIT))) / 1000) / rawPerSecond;
      return [
        {
          phase: `POST /v1/campaigns (everyone: ${answer.result.total} customers over ${REPS} reps)`,
          seconds: seconds(answer.ms),
          items: answer.result.total,
          note: `target under 1 s; DynamoDB: ${apiRequests}`,
        },
        {
          phase: "worker: fan-out and sending, answer to done",
          seconds: seconds(sending.ms),
          items: sent,
          perSecond: round(sendPerSecond, 1),
          sesCalls: sesCounts.get("SendBulkEmail"),
          emailsPerCall: round(sent / Math.max(1, sesCounts.get("SendBulkEmail")), 1),
          dynamoRequests: dynamoCounts.describe(),
          note: `the emulator's store holds ${stored ?? "?"} emails; SES GetAccount ${sesCounts.get("GetAccount")}`,
        },
        {
          phase: `raw SendBulkEmail ×${RAW_CALLS} (${BULK_LIMIT} each, sequential)`,
          seconds: seconds(rawRun.ms),
          items: RAW_CALLS * BULK_LIMIT,
          perSecond: round(rawPerSecond, 1),
        },
        { phase: "ratio send rate / raw SendBulkEmail rate", perSecond: round(sendPerSecond / rawPerSecond, 3), note: "target 0.5 or more" },
        {
          phase: "floor: DynamoDB work no design skips (read customers, write batches of 50, claim and count each)",
          seconds: seconds(floorMs),
          items: CUSTOMERS,
          perSecond: round(CUSTOMERS / (floorMs / 1000), 1),
          note: `ceiling ratio on this DynamoDB Local, SES fully overlapped: ${round(ceiling, 3)}`,
        },
        { phase: "DynamoDB requests per email (worker)", perSecond: round(workerRequests / sent, 3), note: `target 0.2 or less; ${workerRequests} requests for ${sent} emails` },
      ];
    } finally {
      await worker.stop();
    }
  } finally {
    reader.destroy();
    await local.stop();
  }
}
