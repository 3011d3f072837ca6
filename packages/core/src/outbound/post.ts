/**
 * One outbound POST (a webhook delivery, a Slack message): through the SSRF guard's lookup, never following
 * a redirect (a 3xx is an answer, and a failed one), with a time limit. The answer is the status code and
 * how long it took; the response body is read and dropped (a receiver's body is not ours to keep).
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { checkUrl, guardedLookup } from "./guard.ts";

/** A delivery that gets no answer in this long fails (and is retried). */
export const POST_TIMEOUT_MS = 10_000;

/** What one POST came to: an HTTP status, or why there was none (`timeout`, `refused`, `connection`). */
export type PostOutcome = { ok: boolean; durationMs: number } & ({ status: number } | { error: "timeout" | "refused" | "connection" });

/** POSTs `body` to `url` with `headers`; never throws. 2xx is ok; anything else, or no answer, is not. */
export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs = POST_TIMEOUT_MS): Promise<PostOutcome> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  let target: URL;
  try {
    target = await checkUrl(url);
  } catch {
    return { ok: false, error: "refused", durationMs: took() };
  }
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<PostOutcome>((done) => {
    const req = send(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Rapport-Webhooks/1", ...headers },
        lookup: guardedLookup as never,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on("end", () => done({ ok: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300, status: res.statusCode ?? 0, durationMs: took() }));
        res.on("error", () => done({ ok: false, error: "connection", durationMs: took() }));
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    req.on("error", (error: NodeJS.ErrnoException) =>
      done({ ok: false, error: error.code === "ETIMEDOUT" ? "timeout" : error.code === "ERR_OUTBOUND_REFUSED" ? "refused" : "connection", durationMs: took() }),
    );
    req.end(body);
  });
}
