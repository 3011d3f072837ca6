// Section form-page: what GET /s/{token} sends a customer's phone (bytes, gzip, no script) and how
// long the server takes: the bare render, and the whole GET over HTTP.
import { gzipSync } from "node:zlib";
import { config } from "@rapport/core/config";
import { dynamo } from "@rapport/core/db/index";
import { Invitation, tokenOf } from "@rapport/core/invitation/index";
import { Survey } from "@rapport/core/survey/index";
import { renderReportCardPage, type ReportCardPageProps } from "@rapport/web/pages/index";
import { createApp } from "@rapport/functions/api/app";
import { csrfFor } from "@rapport/functions/api/customer-pages";
import { freePort } from "@rapport/local/engines";
import { countRequests, listen, makeCustomers, makeReps, median, percentile, perUnit, RequestCounter, round, sentReportCards, startLocal, type Row } from "./harness.ts";

const RENDERS = 200;
const GETS = 100;

/** The props GET /s/{token} renders with for a fresh invitation, as survey.ts builds them. */
function typicalProps(token: string, score?: string): ReportCardPageProps {
  const survey = Survey.current();
  return {
    orgName: config().orgName,
    brandColor: config().brandColor,
    action: `/s/${token}`,
    csrf: csrfFor(token),
    repName: "Ana Lopez",
    customerFirstName: "Sam",
    behaviours: survey.behaviours,
    values: { ratings: score ? { [survey.behaviours[0]!.id]: score } : {}, improve: "", aboutMe: "", shareName: false, contactOk: false },
    errors: {},
    state: "open",
    timezone: config().timezone,
  };
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

export async function formPage(): Promise<Row[]> {
  const port = await freePort();
  const local = await startLocal("form-page", `http://127.0.0.1:${port}`);
  const server = await listen(createApp().fetch, port);
  try {
    const reps = await makeReps(3, "fp");
    const customers = await makeCustomers(reps, GETS, "fp");
    const sent = await sentReportCards(customers);
    const tokens = sent.map((inv) => tokenOf(inv.id));

    // The page itself, as the customer's browser receives it.
    const first = await fetch(`${server.url}/s/${tokens[0]}?score=4`, { headers: { "accept-encoding": "gzip, br" } });
    const html = await first.text();
    if (first.status !== 200) throw new Error(`GET /s/{token} answered ${first.status}: ${html.slice(0, 200)}`);
    const css = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].reduce((sum, m) => sum + bytes(m[1]!), 0);
    const scripts = (html.match(/<script\b/gi) ?? []).length;
    const external = (html.match(/<(?:link\b[^>]*\bhref|img\b[^>]*\bsrc|iframe\b[^>]*\bsrc)=/gi) ?? []).length;
    const handlers = (html.match(/\son[a-z]+=/gi) ?? []).length;

    // Server render time of the page alone.
    const props = typicalProps(tokens[0]!, "4");
    for (let i = 0; i < 50; i++) renderReportCardPage(props); // warm-up, not counted
    const renders: number[] = [];
    for (let i = 0; i < RENDERS; i++) {
      const started = performance.now();
      renderReportCardPage(props);
      renders.push(performance.now() - started);
    }

    // Whole GETs over HTTP: each token opened once (the first open marks it opened), then each again.
    const counter = new RequestCounter();
    countRequests(dynamo().middlewareStack, counter);
    const getAll = async (list: string[]) => {
      const times: number[] = [];
      for (const token of list) {
        const started = performance.now();
        const response = await fetch(`${server.url}/s/${token}`);
        await response.arrayBuffer();
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`GET /s/{token} answered ${response.status}`);
      }
      return times;
    };
    counter.reset();
    const firstOpens = await getAll(tokens.slice(1));
    const firstCounts = counter.snapshot();
    counter.reset();
    const repeatOpens = await getAll(tokens.slice(1));
    const repeatCounts = counter.snapshot();

    const rows: Row[] = [
      { measure: "HTML bytes (CSS inline)", value: bytes(html), detail: `${round(bytes(html) / 1024, 1)} KiB` },
      { measure: "  of which inline CSS", value: css, detail: `${round(css / 1024, 1)} KiB` },
      { measure: "gzip -9 size", value: gzipSync(html, { level: 9 }).length, detail: `${round(gzipSync(html, { level: 9 }).length / 1024, 1)} KiB` },
      { measure: "Content-Encoding served", value: first.headers.get("content-encoding") ?? "none", detail: "asked with Accept-Encoding: gzip, br" },
      { measure: "<script> tags", value: scripts, detail: `on*= handlers: ${handlers}` },
      { measure: "external resources", value: external, detail: "link href, img src, iframe src" },
      { measure: "render ms median", value: round(median(renders), 3), detail: `renderReportCardPage, ${RENDERS} renders` },
      { measure: "render ms p95", value: round(percentile(renders, 95), 3), detail: `renderReportCardPage, ${RENDERS} renders` },
      { measure: "GET ms median, first open", value: round(median(firstOpens), 2), detail: `p95 ${round(percentile(firstOpens, 95), 2)}; DynamoDB per GET: ${perUnit(firstCounts, firstOpens.length)}` },
      { measure: "GET ms median, repeat open", value: round(median(repeatOpens), 2), detail: `p95 ${round(percentile(repeatOpens, 95), 2)}; DynamoDB per GET: ${perUnit(repeatCounts, repeatOpens.length)}` },
      { measure: "target: no <script>", value: scripts === 0 ? "pass" : "FAIL", pass: scripts === 0 },
    ];
    return rows;
  } finally {
    await server.close();
    await local.stop();
  }
}
