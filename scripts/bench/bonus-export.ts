// Section bonus-export: finance's bonus export (BonusInputs.forPeriod and GET /v1/bonus-inputs, JSON and
// CSV) for 1,000 reps with 10,000 and then 100,000 report cards in the period. The load path is bulk
// (BatchWriteItem of the response items as the submission writes them, and one aggregate item per rep
// with the totals the submissions' ADDs would have left; bonus-load.ts); the read path measured is the real one.
import { dynamo } from "@rapport/core/db/index";
import { now } from "@rapport/core/clock/index";
import { ApiKey } from "@rapport/core/api-key/index";
import { BonusInputs } from "@rapport/core/bonus/index";
import { Rep } from "@rapport/core/rep/index";
import { bounds, periodOf } from "@rapport/core/period/index";
import { Survey } from "@rapport/core/survey/index";
import { createApp } from "@rapport/functions/api/app";
import { responseLoader } from "./bonus-load.ts";
import { recordPages, type Page } from "./query-pages.ts";
import { actor, countRequests, median, pool, RequestCounter, round, seconds, startLocal, timed, type Row } from "./harness.ts";

const REPS = 1_000;
const SIZES = [10_000, 100_000] as const;
const EXPORTS = 11;
const WARMUP = 6;
const REP_CONCURRENCY = 16;

interface Measured {
  ms: number[];
  counts: Map<string, number>[];
  /** Milliseconds spent in each command during the export (parallel requests overlap). */
  opMs: Map<string, number>[];
  pages: Page[][];
}

const PATHS = ["forPeriod", "GET JSON", "GET CSV"] as const;

export async function bonusExport(): Promise<Row[]> {
  const local = await startLocal("bonus-export");
  try {
    const at = now();
    const period = periodOf(at);
    const periodStart = bounds(period).start.getTime();
    const survey = Survey.current();
    const behaviours = survey.behaviours.map((b) => b.id);

    // Reps through the verb (its transaction: the rep with its REPS gsi1 keys, the email lock, the audit entry).
    const repsMade = await timed(async () => {
      const reps = new Array<Rep>(REPS);
      await pool(
        Array.from({ length: REPS }, (_, i) => i),
        REP_CONCURRENCY,
        async (i) => {
          reps[i] = await Rep.create({ name: `Rep ${String(i).padStart(4, "0")} Bench`, email: `rep${i}.bonus@bench.example`, team: `Team ${(i % 12) + 1}` }, actor);
        },
      );
      return reps;
    });
    const reps = repsMade.result;
    console.log(`created ${REPS} reps with Rep.create (${REP_CONCURRENCY} at a time) in ${seconds(repsMade.ms)} s (not counted)`);
    const finance = await ApiKey.create({ name: "bench finance", scopes: ["finance"] }, actor);
    const app = createApp();

    const counter = new RequestCounter();
    const pages: Page[] = [];
    countRequests(dynamo().middlewareStack, counter);
    recordPages(dynamo().middlewareStack, pages);

    const grow = responseLoader({ reps, period, periodStart, at, behaviours, surveyVersion: survey.version });

    const exportOnce = async (path: (typeof PATHS)[number]): Promise<number> => {
      if (path === "forPeriod") {
        const inputs = await BonusInputs.forPeriod(period);
        if (inputs.rows.length !== REPS) throw new Error(`forPeriod answered ${inputs.rows.length} rows`);
        return inputs.rows.reduce((sum, row) => sum + row.responses, 0);
      }
      const csv = path === "GET CSV";
      const response = await app.request(`/v1/bonus-inputs?period=${period}`, { headers: { authorization: `Bearer ${finance.key}`, ...(csv ? { accept: "text/csv" } : {}) } });
      if (response.status !== 200) throw new Error(`GET /v1/bonus-inputs answered ${response.status}: ${await response.text()}`);
      if (csv) {
        const lines = (await response.text()).trimEnd().split("\r\n");
        if (lines.length !== REPS + 1) throw new Error(`the CSV has ${lines.length} lines`);
        return lines.slice(1).reduce((sum, line) => sum + Number(line.split(",")[5]), 0);
      }
      const body = (await response.json()) as { rows: { responses: number }[] };
      if (body.rows.length !== REPS) throw new Error(`the JSON has ${body.rows.length} rows`);
      return body.rows.reduce((sum, row) => sum + row.responses, 0);
    };

    type Path = (typeof PATHS)[number];
    const results = new Map<string, Measured>();
    const key = (path: Path, size: number) => `${path}@${size}`;

    /** WARMUP rounds, then EXPORTS rounds of every path, the order rotating each round so pauses (GC, JIT) fall on all alike. */
    const measure = async (size: number) => {
      await new Promise((r) => setTimeout(r, 3_000)); // let DynamoDB Local's JVM settle after the load
      for (let i = 0; i < WARMUP; i++) for (const path of PATHS) await exportOnce(path);
      for (const path of PATHS) results.set(key(path, size), { ms: [], counts: [], opMs: [], pages: [] });
      for (let round = 0; round < EXPORTS; round++) {
        for (let k = 0; k < PATHS.length; k++) {
          const path = PATHS[(round + k) % PATHS.length]!;
          const out = results.get(key(path, size))!;
          counter.reset();
          pages.length = 0;
          const { result: responses, ms } = await timed(() => exportOnce(path));
          if (responses !== size) throw new Error(`${path}: the rows count ${responses} responses, expected ${size}`);
          out.ms.push(ms);
          out.counts.push(counter.snapshot());
          out.opMs.push(new Map(counter.ms));
          out.pages.push([...pages]);
        }
      }
    };

    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    const label = (path: Path) => (path === "forPeriod" ? "BonusInputs.forPeriod" : `GET /v1/bonus-inputs (${path === "GET CSV" ? "CSV" : "JSON"})`);
    /** The pages of an export by partition (from the last export), each page's time the median over all exports. */
    const describePages = (exports: Page[][]) => {
      const byTarget = new Map<string, Page[]>();
      for (const page of exports.at(-1)!) byTarget.set(page.target, [...(byTarget.get(page.target) ?? []), page]);
      const msOf = (target: string, k: number) => round(median(exports.map((list) => list.filter((p) => p.target === target)[k]?.ms ?? NaN).filter(Number.isFinite)), 1);
      return [...byTarget.entries()]
        .map(([target, ps]) => `${target}: ${ps.length} page${ps.length === 1 ? "" : "s"} of ${ps.map((p) => p.items).join("+")} items (~${ps.map((p) => `${round(p.itemBytes / 1024, 0)} KiB`).join("+")} of the 1024 KiB page limit; ${ps.map((_, k) => `${msOf(target, k)} ms`).join("+")})`)
        .join("; ");
    };

    const rows: Row[] = [];
    for (const size of SIZES) {
      const load = await grow(size);
      console.log(
        `loaded ${load.responses} response items (${load.responseCalls} BatchWriteItem calls) and ${load.aggregates} aggregate items (${load.aggregateCalls} calls) in ${seconds(load.ms)} s (not counted); ${load.check}`,
      );
      await measure(size);
      for (const path of PATHS) {
        const m = results.get(key(path, size))!;
        const commands = [...new Set(m.counts.flatMap((c) => [...c.keys()]))].sort();
        const byCommand = commands
          .map((op) => `${op} ${median(m.counts.map((c) => c.get(op) ?? 0))} (${round(median(m.opMs.map((c) => c.get(op) ?? 0)), 1)} ms)`)
          .join(", ");
        rows.push({
          responses: size,
          path: label(path),
          exports: EXPORTS,
          medianMs: round(median(m.ms), 1),
          minMs: round(Math.min(...m.ms), 1),
          maxMs: round(Math.max(...m.ms), 1),
          requests: median(m.counts.map(total)),
          byCommand,
          queryPages: median(m.pages.map((p) => p.length)),
          queryItems: median(m.pages.map((p) => p.reduce((sum, page) => sum + page.items, 0))),
          pass: null,
          note: path === "forPeriod" ? describePages(m.pages) : null,
        });
      }
    }

    for (const path of PATHS) {
      const small = results.get(key(path, SIZES[0]))!;
      const large = results.get(key(path, SIZES[1]))!;
      const timeRatio = round(median(large.ms) / median(small.ms), 2);
      const minRatio = round(Math.min(...large.ms) / Math.min(...small.ms), 2);
      const requestRatio = round(median(large.counts.map(total)) / median(small.counts.map(total)), 2);
      rows.push({
        path: `ratio 100k / 10k: ${label(path)}`,
        medianMs: timeRatio,
        minMs: minRatio,
        requests: requestRatio,
        queryItems: round(median(large.pages.map((p) => p.reduce((sum, page) => sum + page.items, 0))) / median(small.pages.map((p) => p.reduce((sum, page) => sum + page.items, 0))), 2),
        ...(path === "forPeriod" ? { pass: timeRatio <= 1.2 } : {}),
        note: path === "forPeriod" ? "target: time(100k)/time(10k) ≤ 1.2 (medians); requests and items read must not grow with responses" : null,
      });
    }
    const large = results.get(key("forPeriod", SIZES[1]))!;
    const lastPages = large.pages.at(-1)!;
    const lastCounts = large.counts.at(-1)!;
    const pointReads = [...lastCounts.entries()].filter(([op]) => op !== "Query");
    const perPage = lastPages.reduce((sum, p) => sum + p.items, 0) / Math.max(1, lastPages.length);
    rows.push({
      path: "target: about one page per request, no per-rep round trip",
      requests: total(lastCounts),
      queryPages: lastPages.length,
      queryItems: lastPages.reduce((sum, p) => sum + p.items, 0),
      pass: lastPages.length === 2 && perPage >= REPS * 0.99 && total(lastCounts) < 10,
      note: `${lastPages.length} Query pages of ~${round(perPage, 0)} items each for ${REPS} reps, plus ${pointReads.map(([op, n]) => `${n} ${op}`).join(", ")} (period state, plan pointer, plan version); no request per rep or per response`,
    });
    rows.push({
      path: "note: how the data was loaded",
      note: "in bulk: reps via Rep.create; response items by BatchWriteItem exactly as submitReportCard puts them; one aggregate item per rep with the totals its ADDs would leave (checked against the items). The timed read path is the real BonusInputs.forPeriod and the real route through app.request with a finance key.",
    });
    return rows;
  } finally {
    await local.stop();
  }
}
