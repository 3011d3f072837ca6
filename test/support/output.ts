/**
 * What the process writes to stdout and stderr while `work` runs, as the JSON objects of its lines: the
 * Powertools logger and the EMF metrics write there, as they do in Lambda. Lines that are not JSON are kept
 * out; nothing captured reaches the terminal.
 */
export async function captureOutput<T>(work: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[]; raw: string }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
  }
  let result: T;
  try {
    result = await work();
  } finally {
    streams.forEach((stream, i) => (stream.write = originals[i]!));
  }
  const raw = chunks.join("");
  const lines = raw
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return { result, lines, raw };
}

/** The values of one metric across the EMF lines captured, summed ("EmailsSent" added three times → 3). */
export function metricTotal(lines: Record<string, unknown>[], name: string, namespace = "Rapport"): number {
  let total = 0;
  for (const line of lines) {
    const aws = line._aws as { CloudWatchMetrics?: { Namespace: string; Metrics: { Name: string }[] }[] } | undefined;
    if (!aws?.CloudWatchMetrics?.some((set) => set.Namespace === namespace && set.Metrics.some((m) => m.Name === name))) continue;
    const value = line[name];
    total += Array.isArray(value) ? value.reduce((sum: number, v: number) => sum + v, 0) : Number(value);
  }
  return total;
}
