// Section submit-requests: the DynamoDB requests one report-card submission costs through POST /s/{token}.
import { dynamo } from "@rapport/core/db/index";
import { Invitation, tokenOf } from "@rapport/core/invitation/index";
import { createApp } from "@rapport/functions/api/app";
import { countRequests, makeCustomers, makeReps, READS, reportCard, RequestCounter, round, sentReportCards, startLocal, type Row } from "./harness.ts";

const SUBMISSIONS = 50;
/** Poor report cards, which also open a recovery case and email the manager. */
const POOR = 10;
const poorCard = { ratings: { listening: 1, follow_up: 3, proactive: 3, reachability: 2, advocacy: "na", customer_first: 3 }, improve: "Nobody called back." };

export async function submitRequests(): Promise<Row[]> {
  const local = await startLocal("submit-requests");
  try {
    const reps = await makeReps(5, "sr");
    const customers = await makeCustomers(reps, SUBMISSIONS + POOR, "sr");
    const sent = await sentReportCards(customers);

    const app = createApp();
    const counter = new RequestCounter();
    countRequests(dynamo().middlewareStack, counter);

    // Each submission alone, so the requests between two snapshots are exactly that submission's.
    const perSubmission: Map<string, number>[] = [];
    const failures: string[] = [];
    const poorPerSubmission: number[] = [];
    for (const [i, inv] of sent.entries()) {
      counter.reset();
      const poor = i >= SUBMISSIONS;
      const response = await app.request(`/s/${tokenOf(inv.id)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(poor ? poorCard : reportCard(i)),
      });
      const body = (await response.json()) as { outcome?: string };
      if (response.status !== 200 || body.outcome !== "recorded") failures.push(`${response.status} ${JSON.stringify(body)}`);
      if (poor) poorPerSubmission.push([...counter.snapshot().values()].reduce((a, b) => a + b, 0));
      else perSubmission.push(counter.snapshot());
    }
    if (failures.length) throw new Error(`${failures.length} submissions failed, e.g. ${failures[0]}`);

    const operations = [...new Set(perSubmission.flatMap((counts) => [...counts.keys()]))].sort();
    const stats = (values: number[]) => ({
      requests: values.reduce((a, b) => a + b, 0),
      perSubmission: round(values.reduce((a, b) => a + b, 0) / values.length, 2),
      min: Math.min(...values),
      max: Math.max(...values),
    });
    const rows: Row[] = operations.map((operation) => ({
      command: operation,
      kind: READS.includes(operation) ? "read" : "write",
      submissions: SUBMISSIONS,
      ...stats(perSubmission.map((counts) => counts.get(operation) ?? 0)),
    }));
    const reads = perSubmission.map((counts) => READS.reduce((sum, op) => sum + (counts.get(op) ?? 0), 0));
    const transacts = perSubmission.map((counts) => counts.get("TransactWriteItems") ?? 0);
    rows.push({ command: "(all reads)", kind: "read", submissions: SUBMISSIONS, ...stats(reads) });
    rows.push({ command: "(all requests)", kind: "", submissions: SUBMISSIONS, ...stats(perSubmission.map((counts) => [...counts.values()].reduce((a, b) => a + b, 0))) });
    rows.push({
      command: "poor card (opens a recovery case, emails the manager): all requests",
      kind: "",
      submissions: POOR,
      ...stats(poorPerSubmission),
    });
    rows.push({
      command: "target: exactly 1 TransactWriteItems and ≤ 1 read per submission",
      pass: transacts.every((n) => n === 1) && reads.every((n) => n <= 1),
    });
    return rows;
  } finally {
    await local.stop();
  }
}
