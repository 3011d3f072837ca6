// `npm run bench` runs every section; `npm run bench -- <section> [...]` runs the named ones.
// Each section is an async function returning rows; the rows are printed as a table and merged
// by section name into .bench/results.json, so sections can be run (and added) one at a time.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { coldStartFiles, sstBundleOptions } from "./bench/bundle.ts";
import type { Cell, Row } from "./bench/harness.ts";

interface Section {
  name: string;
  description: string;
  run: () => Promise<Row[]>;
}

const root = resolve(import.meta.dirname, "..");
// The figures are the output: the app's INFO logs (a line per campaign batch) stay quiet unless asked for.
process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
const outDir = join(root, ".bench");
const resultsFile = join(outDir, "results.json");

// ---------------------------------------------------------------------------------------------
// Section: lambda — bundle size and cold import time of each API Lambda against a bare Hono one.
// ---------------------------------------------------------------------------------------------

const helloSource = `import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
export const handler = handle(new Hono().get("/", (c) => c.text("hello")));
`;

/** The DynamoDB client on its own, without Hono. */
const dynamoSdkSource = `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
export const handler = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));
`;

/**
 * The floor of any API function that reads the table: a bare Hono Lambda that loads the DynamoDB
 * document client and one command at import, as every route module does through core.
 */
const honoDynamoSource = `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
let db;
export const handler = handle(new Hono().get("/", async (c) => {
  db ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return c.json(await db.send(new GetCommand({ TableName: "t", Key: { pk: "a", sk: "b" } })));
}));
`;

/**
 * The functions infra/api.ts deploys behind the HTTP API, read from its `handler:` lines so the bench
 * measures exactly the entries that are deployed: a second function there becomes a second row here.
 */
function deployedApiFunctions(): { name: string; entry: string }[] {
  const infra = readFileSync(join(root, "infra/api.ts"), "utf8");
  const handlers = [...infra.matchAll(/handler:\s*"([^"]+)\.handler"/g)].map((match) => match[1]!);
  if (!handlers.length) throw new Error("infra/api.ts names no handler; the bench cannot tell which API functions are deployed.");
  return handlers.map((handler) => ({ name: basename(handler), entry: join(root, `${handler}.ts`) }));
}

/**
 * The request each bundle answers after its cold import, with no network: the API's first answer loads a
 * route group (an unauthenticated POST /v1/reps is refused with 401 after the reps group and the AWS SDK
 * load); the bare Hono Lambda answers its one route.
 */
const firstRequest: Record<string, { method: string; path: string }> = {
  api: { method: "POST", path: "/v1/reps" },
  hello: { method: "GET", path: "/" },
};

/**
 * Milliseconds to `import()` a bundle in a fresh Node process (module load and top-level code), and to
 * answer its first request after that when `request` names one (an API Gateway v2 event, no network).
 */
function coldMs(file: string, request?: { method: string; path: string }): { importMs: number; answerMs?: number } {
  const event = request && {
    version: "2.0",
    routeKey: "$default",
    rawPath: request.path,
    rawQueryString: "",
    headers: { host: "bench.execute-api.us-east-1.amazonaws.com", "content-type": "application/json" },
    requestContext: { http: { method: request.method, path: request.path, sourceIp: "203.0.113.7" }, stage: "$default" },
    body: request.method === "GET" ? null : "{}",
    isBase64Encoded: false,
  };
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)});
if (typeof m.handler !== "function") throw new Error("no handler export");
const importMs = performance.now() - t;
const event = ${JSON.stringify(event ?? null)};
let answerMs;
if (event) { const res = await m.handler(event, {}); if (!res?.statusCode) throw new Error("no answer"); answerMs = performance.now() - t; }
process.stdout.write(JSON.stringify({ importMs, answerMs }));`;
  const { AWS_LAMBDA_FUNCTION_NAME: _ignored, ...env } = process.env;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: dirname(file),
    env: { ...env, AWS_REGION: env.AWS_REGION ?? "us-east-1" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`importing ${file} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as { importMs: number; answerMs?: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The packages that weigh most in the given output files of a bundle, by bytes of output they contribute. */
function heaviest(metafile: Metafile, files: Iterable<string>, count: number): string[] {
  const byPackage = new Map<string, number>();
  for (const file of files) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]!.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match ? match[1]! : "(app code)";
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kib(bytes)}`);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function lambda(): Promise<Row[]> {
  const dir = join(outDir, "lambda");
  mkdirSync(dir, { recursive: true });
  const entry = (name: string, source: string) => {
    const file = join(dir, `${name}-entry.ts`);
    writeFileSync(file, source);
    return file;
  };

  const functions = deployedApiFunctions();
  const bundles = [
    ...functions,
    { name: "hello", entry: entry("hello", helloSource) },
    { name: "hono+dynamodb", entry: entry("hono-dynamodb", honoDynamoSource) },
    { name: "dynamodb-sdk", entry: entry("dynamodb-sdk", dynamoSdkSource) },
  ];
  const built = [];
  for (const bundle of bundles) {
    const outdir = join(dir, bundle.name.replace(/[^\w.-]/g, "-"));
    rmSync(outdir, { recursive: true, force: true });
    const result = await build(sstBundleOptions(bundle.entry, outdir));
    const outfile = join(outdir, "index.mjs");
    const loaded = coldStartFiles(result.metafile);
    const code = Buffer.concat([...loaded].map((file) => readFileSync(join(root, file))));
    const total = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    built.push({ ...bundle, outfile, loaded, bytes: code.length, totalBytes: total, gzipBytes: gzipSync(code).length, metafile: result.metafile });
  }
  for (const fn of built.slice(0, functions.length)) {
    console.log(`${fn.name} (${relative(root, fn.entry)}), heaviest packages loaded at cold start: ${heaviest(fn.metafile, fn.loaded, 6).join(", ")}`);
  }
  console.log("");

  const runs = 11;
  for (const bundle of built) coldMs(bundle.outfile, firstRequest[bundle.name]); // warms the file cache; discarded
  const times = new Map(built.map((bundle) => [bundle.name, [] as number[]]));
  const answers = new Map(built.map((bundle) => [bundle.name, [] as number[]]));
  for (let i = 0; i < runs; i++) {
    for (const bundle of built) {
      const { importMs, answerMs } = coldMs(bundle.outfile, firstRequest[bundle.name]);
      times.get(bundle.name)!.push(importMs);
      if (answerMs !== undefined) answers.get(bundle.name)!.push(answerMs);
    }
  }

  const hello = built.find((bundle) => bundle.name === "hello")!;
  const helloMs = median(times.get("hello")!);
  const helloAnswerMs = median(answers.get("hello")!);
  const rows: Row[] = built.map((bundle) => {
    const ms = times.get(bundle.name)!;
    const answered = answers.get(bundle.name)!;
    return {
      bundle: bundle.name,
      bytes: bundle.bytes,
      minified: kib(bundle.bytes),
      allChunks: kib(bundle.totalBytes),
      gzipped: kib(bundle.gzipBytes),
      coldImportMs: round(median(ms)),
      minMs: round(Math.min(...ms)),
      maxMs: round(Math.max(...ms)),
      runs,
      sizeVsHello: round(bundle.bytes / hello.bytes, 1),
      importVsHello: round(median(ms) / helloMs, 2),
      ...(answered.length ? { firstAnswerMs: round(median(answered)), firstAnswerVsHello: round(median(answered) / helloAnswerMs, 2) } : {}),
    };
  });
  // The target applies to each deployed API function's import; the floor is a function that loads
  // the DynamoDB client at import. firstAnswer adds the first request, which loads a route group.
  const ratio = (name: string) => rows.find((row) => row.bundle === name)!.importVsHello as number;
  for (const fn of functions) {
    rows.push({ bundle: `target: ${fn.name} importVsHello <= 3`, importVsHello: ratio(fn.name), pass: ratio(fn.name) <= 3, floorVsHello: ratio("hono+dynamodb") });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The sections, in the order `npm run bench` runs them. Add new ones here.
// ---------------------------------------------------------------------------------------------

const sections: Section[] = [
  { name: "lambda", description: "each deployed API Lambda's bundle vs a bare Hono Lambda: size and cold import", run: lambda },
  // The engine-backed sections live in scripts/bench/ and are loaded only when they run, so the app's
  // modules stay out of the sections that do not need them.
  {
    name: "submit-requests",
    description: "DynamoDB requests per report-card submission (POST /s/{token}, JSON)",
    run: async () => (await import("./bench/submit-requests.ts")).submitRequests(),
  },
  {
    name: "submit-rate",
    description: "report-card submissions per second over HTTP vs the same TransactWriteItems sent raw",
    run: async () => (await import("./bench/submit-rate.ts")).submitRate(),
  },
  {
    name: "form-page",
    description: "the report card page: weight, no script, render and GET time",
    run: async () => (await import("./bench/form-page.ts")).formPage(),
  },
  {
    name: "campaign",
    description: "a report-card campaign to 10,000 customers: queueing, sending, SES calls",
    run: async () => (await import("./bench/campaign.ts")).campaign(),
  },
  {
    name: "bonus-export",
    description: "finance's bonus export for 1,000 reps at 10,000 and 100,000 responses: time, requests, Query pages",
    run: async () => (await import("./bench/bonus-export.ts")).bonusExport(),
  },
  {
    name: "job-scale",
    description: "the scheduled job with 1,000 and 10,000 open follow-ups of which 100 are due: time, requests, SES calls",
    run: async () => (await import("./bench/job-scale.ts")).jobScale(),
  },
  {
    name: "signin",
    description: "POST /auth/login for a known vs an unknown address: 200 alternating tries, the difference of the medians",
    run: async () => (await import("./bench/signin.ts")).signin(),
  },
];

function printTable(rows: Row[]): void {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const text = (value: Cell | undefined) => (value === undefined || value === null ? "" : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => text(row[column]).length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (/^-?[\d.]+$/.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ");
  console.log(line(columns));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(columns.map((column) => text(row[column]))));
}

function saveResults(name: string, rows: Row[]): void {
  mkdirSync(outDir, { recursive: true });
  let results: Record<string, unknown> = {};
  try {
    results = JSON.parse(readFileSync(resultsFile, "utf8"));
  } catch {
    // first run, or an unreadable file: start afresh
  }
  results[name] = { ranAt: new Date().toISOString(), node: process.version, rows };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !sections.some((section) => section.name === name));
  if (unknown.length) {
    console.error(`Unknown section(s): ${unknown.join(", ")}. Sections: ${sections.map((s) => s.name).join(", ")}.`);
    process.exit(2);
  }
  for (const section of sections.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
    console.log(`\n## ${section.name}: ${section.description}\n`);
    const rows = await section.run();
    printTable(rows);
    saveResults(section.name, rows);
  }
  console.log(`\nResults written to ${resultsFile}`);
}

await main();
