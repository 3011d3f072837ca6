// Section submit-rate: report-card submissions per second over HTTP (POST /s/{token}, JSON, served by
// @hono/node-server) against the raw rate of the same TransactWriteItems sent straight to DynamoDB Local.
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, dynamo, tableName, type TransactItem } from "@rapport/core/db/index";
import { now } from "@rapport/core/clock/index";
import { Invitation, keyOf, tokenOf, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { responseKeys } from "@rapport/core/response/keys";
import { aggregateAttributes, aggregateKeys } from "@rapport/core/aggregate/keys";
import { Period, periodOf } from "@rapport/core/period/index";
import { Survey } from "@rapport/core/survey/index";
import { createApp } from "@rapport/functions/api/app";
import { freePort } from "@rapport/local/engines";
import {
  actor,
  countRequests,
  listen,
  makeCustomers,
  makeReps,
  median,
  percentile,
  perUnit,
  pool,
  reportCard,
  RequestCounter,
  round,
  seconds,
  sentReportCards,
  startLocal,
  timed,
  type Row,
} from "./harness.ts";

const SUBMISSIONS = 1_000;
const WARMUP = 200;
const CONCURRENCY = 16;
const REPS = 50;

/**
 * The transaction submitReportCard writes for a first answer (response/index.ts, reportCardItems):
 * the invitation Update with its once-only condition, the response Put, the open-period
 * ConditionCheck, and the rep's aggregate Update with ADD. Rebuilt here because the builder is private.
 */
function reportCardTransaction(inv: InvitationRecord, card: ReturnType<typeof reportCard>): TransactItem[] {
  const at = now();
  const atIso = at.toISOString();
  const period = periodOf(at);
  const answers = { ratings: card.ratings, ...(card.improve ? { improve: card.improve } : {}), shareName: card.shareName };
  const ratings = Object.values(card.ratings).filter((r): r is number => typeof r === "number");
  const names: Record<string, string> = { "#type": "type" };
  const values: Record<string, unknown> = { ":at": atIso, ":rep": inv.repId, ":period": period, ":type": "aggregate", ":card": 1 };
  const adds = ["cards :card"];
  Survey.get(inv.surveyVersion).behaviours.forEach((b, i) => {
    const r = card.ratings[b.id];
    if (typeof r !== "number") return;
    const attrs = aggregateAttributes(b.id);
    Object.assign(names, { [`#n${i}`]: attrs.n, [`#s${i}`]: attrs.sum, [`#q${i}`]: attrs.sumsq });
    Object.assign(values, { [`:n${i}`]: 1, [`:s${i}`]: r, [`:q${i}`]: r * r });
    adds.push(`#n${i} :n${i}`, `#s${i} :s${i}`, `#q${i} :q${i}`);
  });
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keyOf(inv.id),
        UpdateExpression: "SET #status = :answered, answeredAt = :at, answers = :answers, revision = :one, period = :period REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(answeredAt) AND expiresAt > :at",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":answered": "answered", ":at": atIso, ":answers": answers, ":one": 1, ":period": period },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...responseKeys.response(inv.repId, period, atIso, inv.id),
          type: "response",
          invitationId: inv.id,
          repId: inv.repId,
          customerId: inv.customerId,
          ...(card.shareName ? { customerName: inv.customerName } : {}),
          period,
          answeredAt: atIso,
          surveyVersion: inv.surveyVersion,
          ratings: card.ratings,
          ...(card.improve ? { improve: card.improve } : {}),
          shareName: card.shareName,
          repScore: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
        },
      },
    },
    Period.mustBeOpen(period),
    {
      Update: {
        TableName: tableName(),
        Key: aggregateKeys.rep(period, inv.repId),
        UpdateExpression: `SET updatedAt = :at, repId = :rep, period = :period, #type = :type ADD ${adds.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  ];
}

interface Run {
  ms: number;
  latencies: number[];
  /** Transactions DynamoDB cancelled with TransactionConflict and that were sent again (raw path). */
  conflicts: number;
}

/** `invitations` submitted as JSON over HTTP, CONCURRENCY at a time. */
async function overHttp(url: string, invitations: InvitationRecord[], offset: number): Promise<Run> {
  const failures: string[] = [];
  const { result: latencies, ms } = await timed(() =>
    pool(invitations, CONCURRENCY, async (inv, i) => {
      const response = await fetch(`${url}/s/${tokenOf(inv.id)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(reportCard(offset + i)),
      });
      const body = (await response.json()) as { outcome?: string };
      if (response.status !== 200 || body.outcome !== "recorded") failures.push(`${response.status} ${JSON.stringify(body)}`);
    }),
  );
  if (failures.length) throw new Error(`${failures.length} HTTP submissions failed, e.g. ${failures[0]}`);
  return { ms, latencies, conflicts: 0 };
}

/** The same transactions sent straight to DynamoDB, CONCURRENCY at a time; a TransactionConflict is sent again. */
async function raw(invitations: InvitationRecord[], offset: number): Promise<Run> {
  let conflicts = 0;
  const { result: latencies, ms } = await timed(() =>
    pool(invitations, CONCURRENCY, async (inv, i) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await db().send(new TransactWriteCommand({ TransactItems: reportCardTransaction(inv, reportCard(offset + i)) }));
          return;
        } catch (error) {
          const conflict = error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === "TransactionConflict");
          if (!conflict || attempt >= 5) throw error;
          conflicts += 1;
        }
      }
    }),
  );
  return { ms, latencies, conflicts };
}

const merge = (a: Run, b: Run): Run => ({ ms: a.ms + b.ms, latencies: [...a.latencies, ...b.latencies], conflicts: a.conflicts + b.conflicts });

export async function submitRate(): Promise<Row[]> {
  const port = await freePort();
  const local = await startLocal("submit-rate", `http://127.0.0.1:${port}`);
  const server = await listen(createApp().fetch, port);
  try {
    // Preparation (not timed): reps, customers, and sent invitations.
    const total = 2 * (WARMUP + SUBMISSIONS);
    const prep = await timed(async () => {
      const reps = await makeReps(REPS, "rate");
      const customers = await makeCustomers(reps, total, "rate");
      return sentReportCards(customers);
    });
    const sent = prep.result;
    if (sent.length !== total) throw new Error(`only ${sent.length} of ${total} invitations were sent`);
    console.log(`prepared ${total} sent invitations over ${REPS} reps in ${seconds(prep.ms)} s (not counted)`);

    const counter = new RequestCounter();
    countRequests(dynamo().middlewareStack, counter);
    const take = (() => {
      let next = 0;
      return (n: number) => sent.slice(next, (next += n));
    })();

    // Warm both paths (the JVM behind DynamoDB Local, V8, the connection pools), then measure in
    // A-B-B-A halves so drift as the table grows falls on both sides alike.
    await overHttp(server.url, take(WARMUP), 0);
    await raw(take(WARMUP), 0);
    const half = SUBMISSIONS / 2;
    const httpCounts = new RequestCounter();
    const rawCounts = new RequestCounter();
    const measure = async (run: () => Promise<Run>, into: RequestCounter) => {
      counter.reset();
      const result = await run();
      for (const [op, n] of counter.counts) into.counts.set(op, (into.counts.get(op) ?? 0) + n);
      return result;
    };
    const http1 = await measure(() => overHttp(server.url, take(half), 1_000), httpCounts);
    const raw1 = await measure(() => raw(take(half), 2_000), rawCounts);
    const raw2 = await measure(() => raw(take(half), 3_000), rawCounts);
    const http2 = await measure(() => overHttp(server.url, take(half), 4_000), httpCounts);
    const rate = (run: Run) => round(half / (run.ms / 1000), 1);
    console.log(`per half, submissions/s: HTTP ${rate(http1)}, raw ${rate(raw1)}, raw ${rate(raw2)}, HTTP ${rate(http2)}`);
    const http = merge(http1, http2);
    const direct = merge(raw1, raw2);

    const row = (path: string, run: Run, counts: RequestCounter): Row => ({
      path,
      submissions: SUBMISSIONS,
      concurrency: CONCURRENCY,
      seconds: seconds(run.ms),
      perSecond: round(SUBMISSIONS / (run.ms / 1000), 1),
      p50Ms: round(median(run.latencies), 1),
      p95Ms: round(percentile(run.latencies, 95), 1),
      dynamoPerSubmission: perUnit(counts.counts, SUBMISSIONS),
      conflictRetries: path.startsWith("raw") ? run.conflicts : Math.max(0, counts.get("TransactWriteItems") - SUBMISSIONS),
    });
    const httpRate = SUBMISSIONS / http.ms;
    const rawRate = SUBMISSIONS / direct.ms;
    const ratio = round(httpRate / rawRate, 2);
    return [
      row("HTTP POST /s/{token} (JSON)", http, httpCounts),
      row("raw TransactWriteItems", direct, rawCounts),
      { path: "ratio HTTP / raw", perSecond: ratio },
      { path: "target: ratio ≥ 0.7", pass: ratio >= 0.7 },
    ];
  } finally {
    await server.close();
    await local.stop();
  }
}
