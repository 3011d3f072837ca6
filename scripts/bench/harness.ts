// What the engine-backed bench sections share: a private DynamoDB Local + SES emulator per section,
// a counter of the requests an AWS client really sends, a bounded worker pool, and a few statistics.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { MiddlewareStack } from "@smithy/types";
import { configure } from "@rapport/core/config";
import { ensureTable, resetClients } from "@rapport/core/db/index";
import { Email } from "@rapport/core/email/index";
import { Rep } from "@rapport/core/rep/index";
import { Customer } from "@rapport/core/customer/index";
import { Invitation } from "@rapport/core/invitation/index";
import type { Actor } from "@rapport/core/audit/index";
import { freePort, startDynamo, startSes, type Engine } from "@rapport/local/engines";

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export const actor: Actor = { kind: "cli", id: "bench" };

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
export const seconds = (ms: number) => round(ms / 1000, 2);

/** Runs `fn` and answers its result and the milliseconds it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

/** Runs `fn` over `items` with at most `concurrency` in flight; answers each call's duration in ms. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<number[]> {
  const durations = new Array<number>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const started = performance.now();
      await fn(items[index]!, index);
      durations[index] = performance.now() - started;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return durations;
}

// ---------------------------------------------------------------------------------------------
// Counting the requests an AWS SDK client sends
// ---------------------------------------------------------------------------------------------

/** Requests by operation name (TransactWriteItems, GetItem, SendBulkEmail ...), with the time spent in them. */
export class RequestCounter {
  readonly counts = new Map<string, number>();
  readonly ms = new Map<string, number>();
  firstAt: number | undefined;

  record(operation: string, ms: number, startedAt: number): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    this.ms.set(operation, (this.ms.get(operation) ?? 0) + ms);
    this.firstAt ??= startedAt;
  }

  reset(): void {
    this.counts.clear();
    this.ms.clear();
    this.firstAt = undefined;
  }

  snapshot(): Map<string, number> {
    return new Map(this.counts);
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  get(operation: string): number {
    return this.counts.get(operation) ?? 0;
  }

  /** "TransactWriteItems 10000, UpdateItem 10000", largest first. */
  describe(): string {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `${name} ${count}`)
      .join(", ");
  }
}

/**
 * Counts every request the client sends, retries included: the middleware sits in the deserialize step,
 * inside the SDK's retry loop, right before the HTTP handler. The DocumentClient shares the low-level
 * client's stack, so counting `dynamo()` counts `db()` too.
 */
export function countRequests(stack: MiddlewareStack<any, any>, counter: RequestCounter): void {
  stack.add(
    (next: any, context: any) => async (args: any) => {
      const target = args.request?.headers?.["x-amz-target"] as string | undefined;
      const operation = target ? target.split(".").pop()! : String(context.commandName ?? "unknown").replace(/Command$/, "");
      const startedAt = performance.now();
      try {
        return await next(args);
      } finally {
        counter.record(operation, performance.now() - startedAt, startedAt);
      }
    },
    { step: "deserialize", priority: "low", name: "benchRequestCounter", override: true },
  );
}

/** Read operations (the target for a submission is at most one). */
export const READS = ["GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"];

// ---------------------------------------------------------------------------------------------
// Engines
// ---------------------------------------------------------------------------------------------

export interface Local {
  dynamoEndpoint: string;
  sesEndpoint: string;
  tableName: string;
  /** Clears the SES store, drops the clients and stops both engines. */
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local (in memory) and the SES emulator on free ports of 127.0.0.1, points core at
 * them with a fresh table, and answers how to stop them. `appUrl` is what links in emails point at.
 */
export async function startLocal(section: string, appUrl = "http://127.0.0.1:3000"): Promise<Local> {
  const dynamoPort = await freePort();
  let sesPort = await freePort();
  while (sesPort === dynamoPort) sesPort = await freePort();
  const engines: Engine[] = [];
  const stopEngines = async () => {
    for (const engine of engines.splice(0).reverse()) await engine.stop().catch(() => {});
  };
  try {
    engines.push(await startDynamo({ port: dynamoPort }));
    engines.push(await startSes({ port: sesPort }));
    const [dynamo, ses] = engines as [Engine, Engine];
    const tableName = `bench_${section.replace(/\W/g, "_")}_${Date.now().toString(36)}`;
    configure({
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName,
      appUrl,
      stage: "bench",
      tokenSecret: randomBytes(32).toString("base64url"),
    });
    resetClients();
    Email.resetSes();
    await ensureTable(tableName);
    return {
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName,
      stop: async () => {
        // The emulator's store lives in this process; empty it so later sections start light.
        await fetch(`${ses.endpoint}/clear-store`, { method: "POST" }).catch(() => {});
        resetClients();
        Email.resetSes();
        await stopEngines();
      },
    };
  } catch (error) {
    await stopEngines();
    throw error;
  }
}

/** Serves `fetch` (a Hono app's) with @hono/node-server on `port` of 127.0.0.1. */
export function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((ok, fail) => {
    const server = serve({ fetch, port, hostname: "127.0.0.1" }, () =>
      ok({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as Server).closeAllConnections?.();
            server.close(() => done());
          }),
      }),
    );
    server.once("error", fail);
  });
}

/** Fetches the SES emulator's count of stored emails (its store is in this process; this reads it directly). */
export async function storedEmailCount(): Promise<number | null> {
  try {
    const store = (await import("aws-ses-v2-local/dist/store.js" as string)) as { default?: { getStoreReadonly(): { emails: unknown[] } }; getStoreReadonly?: () => { emails: unknown[] } };
    const read = store.getStoreReadonly ?? store.default?.getStoreReadonly;
    return read ? read().emails.length : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures, made through core's own verbs
// ---------------------------------------------------------------------------------------------

const firstNames = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivo", "Jun"];
const lastNames = ["Lopez", "Okafor", "Nguyen", "Schmidt", "Rossi", "Kowalski", "Tanaka", "Silva", "Haddad", "Brown"];
const personName = (i: number) => `${firstNames[i % firstNames.length]} ${lastNames[Math.floor(i / firstNames.length) % lastNames.length]}`;

/** `count` reps, created one by one (Rep.create). */
export async function makeReps(count: number, tag: string): Promise<Rep[]> {
  const reps: Rep[] = [];
  for (let i = 0; i < count; i++) {
    reps.push(await Rep.create({ name: personName(i), email: `rep${i}.${tag}@bench.example`, team: `Team ${(i % 5) + 1}` }, actor));
  }
  return reps;
}

/** `count` customers spread round-robin over `reps` (Customer.create, `concurrency` at a time). */
export async function makeCustomers(reps: Rep[], count: number, tag: string, concurrency = 16): Promise<Customer[]> {
  const customers = new Array<Customer>(count);
  await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      customers[i] = await Customer.create(
        { name: personName(i + 3), email: `customer${i}.${tag}@bench.example`, company: `Company ${i % 997}`, repId: reps[i % reps.length]!.id },
        actor,
      );
    },
  );
  return customers;
}

/** A sent report card for each customer (Invitation.create, then Invitation.deliver in SendBulkEmail batches): fixtures for the submission sections. */
export async function sentReportCards(customers: Customer[]): Promise<Invitation[]> {
  const created: Invitation[] = [];
  await pool(customers, 16, async (customer) => {
    const result = await Invitation.create({ customerId: customer.id, kind: "report-card" }, actor, { customer });
    if ("invitation" in result) created.push(result.invitation);
  });
  const sent = (await Invitation.deliver(created)).filter((inv) => inv.status === "sent");
  if (sent.length !== customers.length) throw new Error(`only ${sent.length} of ${customers.length} report cards were sent`);
  return sent;
}

/**
 * A deterministic, varied report card of the common kind: ratings 3–5 with an occasional "na",
 * sometimes a comment. It opens no recovery case (that path is measured on its own).
 */
export function reportCard(i: number): { ratings: Record<string, number | "na">; improve?: string; shareName: boolean } {
  const behaviours = ["listening", "follow_up", "proactive", "reachability", "advocacy", "customer_first"];
  const ratings: Record<string, number | "na"> = {};
  behaviours.forEach((b, j) => {
    const r = (i * 7 + j * 3) % 11;
    ratings[b] = r === 10 ? "na" : 3 + (r % 3);
  });
  return { ratings, ...(i % 3 === 0 ? { improve: "Answer a little faster when I call, please." } : {}), shareName: i % 2 === 0 };
}

/** Formats "a: 1, b: 2" of a count map divided by `per`. */
export function perUnit(counts: Map<string, number>, per: number): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${round(count / per, 2)}`)
    .join(", ");
}
