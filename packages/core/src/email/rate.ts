/**
 * Pacing bulk sends to the account's SES send rate: a token bucket filled at `MaxSendRate` recipients a
 * second (read from GetAccount, again every 10 minutes), holding at most one second's worth (and at least
 * one batch of 50). Each worker process paces itself.
 */
import { log } from "../log/index.ts";
import { ses } from "./index.ts";

const REFRESH_MS = 10 * 60_000;
const MIN_CAPACITY = 50;

interface Bucket {
  /** The client the rate was read through: a new client (a changed configuration) reads it again. */
  client: unknown;
  rate: number;
  capacity: number;
  tokens: number;
  filledAt: number;
  readAt: number;
}

let bucket: Bucket | undefined;
let reading: Promise<number | undefined> | undefined;

/** The account's send rate (recipients a second), or undefined when SES does not say (then nothing is paced). */
async function maxSendRate(client: Awaited<ReturnType<typeof ses>>): Promise<number | undefined> {
  const { GetAccountCommand } = await import("@aws-sdk/client-sesv2");
  try {
    const account = await client.send(new GetAccountCommand({}));
    const rate = account.SendQuota?.MaxSendRate;
    return rate && rate > 0 ? rate : undefined;
  } catch (error) {
    log.warn("could not read the SES send rate; sending unpaced until the next read", { error });
    return undefined;
  }
}

async function current(at: number): Promise<Bucket> {
  const client = await ses();
  if (!bucket || bucket.client !== client || at - bucket.readAt > REFRESH_MS) {
    reading ??= maxSendRate(client).finally(() => {
      reading = undefined;
    });
    const rate = (await reading) ?? Number.POSITIVE_INFINITY;
    const capacity = Math.max(rate, MIN_CAPACITY);
    // A new reading of the same rate keeps what the bucket holds; a new rate starts it full.
    bucket = bucket && bucket.client === client && bucket.rate === rate ? { ...bucket, readAt: at } : { client, rate, capacity, tokens: capacity, filledAt: at, readAt: at };
  }
  return bucket;
}

/** Waits until `recipients` emails may go out at the account's send rate, and takes them from the bucket. */
export async function takeSendAllowance(recipients: number, clock: { now(): number; sleep(ms: number): Promise<void> } = realClock): Promise<void> {
  for (;;) {
    const at = clock.now();
    const b = await current(at);
    if (!Number.isFinite(b.rate)) return;
    b.tokens = Math.min(b.capacity, b.tokens + ((at - b.filledAt) / 1000) * b.rate);
    b.filledAt = at;
    if (b.tokens >= recipients) {
      b.tokens -= recipients;
      return;
    }
    await clock.sleep(Math.ceil(((recipients - b.tokens) / b.rate) * 1000));
  }
}

const realClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)) };
