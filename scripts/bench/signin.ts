// Section signin: whether POST /auth/login tells a known address from an unknown one by its time. 200
// tries over HTTP against the local stack (DynamoDB Local, the SES emulator, the app on @hono/node-server),
// alternating a rep's address and an address nobody has, each address asked once (so no allowance is
// spent); the difference of the two medians is the oracle an attacker could read. Target: under 5 ms.
import { loadavg } from "node:os";
import { configure } from "@rapport/core/config";
import { createApp } from "@rapport/functions/api/app";
import { freePort } from "@rapport/local/engines";
import { listen, makeReps, median, percentile, round, startLocal, type Row } from "./harness.ts";

const TRIES = 200;
const WARM_UP = 20;
const TARGET_MS = 5;

export async function signin(): Promise<Row[]> {
  const port = await freePort();
  const local = await startLocal("signin", `http://127.0.0.1:${port}`);
  // Every try comes from 127.0.0.1: the per-IP allowance is raised so the bench measures the work, not the 429.
  configure({ signInPerIp: { limit: 10_000, windowMs: 15 * 60_000 } });
  const server = await listen(createApp().fetch, port);
  try {
    const reps = await makeReps(TRIES / 2 + WARM_UP, "si");
    const ask = async (email: string) => {
      const started = performance.now();
      const response = await fetch(`${server.url}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }) });
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 202) throw new Error(`POST /auth/login answered ${response.status}: ${body.slice(0, 200)}`);
      return ms;
    };
    const stranger = (i: number) => `nobody${i}.si@bench.example`;

    // Warm-up, not counted: the route group, the SES SDK and the template load on the first tries.
    for (let i = 0; i < WARM_UP; i++) {
      await ask(reps[TRIES / 2 + i]!.email);
      await ask(stranger(TRIES + i));
    }
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < TRIES / 2; i++) {
      // Alternate which goes first, so a drift over the run weighs on both alike.
      if (i % 2 === 0) {
        known.push(await ask(reps[i]!.email));
        unknown.push(await ask(stranger(i)));
      } else {
        unknown.push(await ask(stranger(i)));
        known.push(await ask(reps[i]!.email));
      }
    }
    const difference = Math.abs(median(known) - median(unknown));
    // Each pair ran back to back, so its difference cancels most of a busy machine's drift: a second view.
    const paired = known.map((ms, i) => ms - unknown[i]!);
    const row = (address: string, times: number[]): Row => ({
      address,
      tries: times.length,
      medianMs: round(median(times)),
      p10Ms: round(percentile(times, 10)),
      p90Ms: round(percentile(times, 90)),
    });
    return [
      row("known (a rep)", known),
      row("unknown", unknown),
      {
        address: `target: |median difference| < ${TARGET_MS} ms`,
        differenceMs: round(difference),
        pass: difference < TARGET_MS,
        medianPairedDifferenceMs: round(median(paired)),
        // The machine's load while it ran: a busy machine widens the spread of both medians.
        loadAverage: round(loadavg()[0]!, 1),
      },
    ];
  } finally {
    await server.close();
    await local.stop();
  }
}
