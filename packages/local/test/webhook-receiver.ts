import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook as Verifier } from "standardwebhooks";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];

/** A receiver on 127.0.0.1 that keeps what it is sent and answers `status()` (200 unless told otherwise), with `headers`. */
export async function receiver(status: () => number = () => 200, headers: Record<string, string> = {}) {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.statusCode = status();
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

/** Closes every receiver this test file opened. */
export function closeReceivers(): void {
  for (const server of servers.splice(0)) server.close();
}

/** Reads until `done` holds, or fails after `timeoutMs`. */
export async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** The body of a delivery, verified with the subscription's secret as a receiver must. */
export const verifiedBody = (secret: string, r: Received) =>
  new Verifier(secret).verify(r.body, r.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, unknown> };
