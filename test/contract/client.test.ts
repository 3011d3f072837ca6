import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodOf } from "@rapport/core/period/index";
import { serveApp, type ServedApp } from "../browser/browser.ts";
import { bearer, email } from "../support/fixtures.ts";
import { clientTypes, GENERATED } from "./client-types.ts";
import type { paths } from "./generated/api.d.ts";
import { emailTo, surveyToken } from "./support.ts";

let served: ServedApp;

beforeAll(async () => {
  served = await serveApp();
}, 60_000);

afterAll(async () => {
  await served?.close();
});

describe("the TypeScript client generated from the contract", () => {
  it("is committed exactly as openapi-typescript generates it from the served document (else run `npm run client`)", async () => {
    const doc = await (await fetch(`${served.url}/openapi.json`)).json();
    const committed = await readFile(GENERATED, "utf8");
    expect(committed === (await clientTypes(doc)), "test/contract/generated/api.d.ts is stale: run `npm run client` and commit it").toBe(true);
  }, 60_000);

  it("runs finance's flow through openapi-fetch: rep, customers, invitations, report cards by the survey link, bonus inputs as JSON and CSV, the close", async () => {
    const baseUrl = served.url;
    // JSON answers typed as JSON; the one CSV read asks for text (`parseAs`), so it is typed as a string.
    const client = (headers: Record<string, string> = {}) => createClient<paths, "application/json">({ baseUrl, headers });
    const admin = client({ authorization: await bearer("admin") });
    const made = await admin.POST("/v1/api-keys", { body: { name: "Payroll export", scopes: ["finance"] } });
    expect(made.response.status).toBe(201);
    const finance = client({ authorization: `Bearer ${made.data!.key}` });
    // A customer's link carries its own credential: this client sends none.
    const customer = client();

    // A plan whose first year starts with this quarter (weight 0.2) and that counts a rep with two cards as eligible.
    const period = periodOf(new Date());
    const { data: current } = await admin.GET("/v1/plans/current");
    const { version: _version, createdAt: _createdAt, ...plan } = current!;
    const published = await admin.POST("/v1/plans", { body: { ...plan, startDate: DateTime.utc().startOf("quarter").toISODate()!, minResponses: 2 } });
    expect(published.data!.version).toBe(2);

    const rep = (await admin.POST("/v1/reps", { body: { name: "Dana Ortiz", email: email("dana"), team: "West" } })).data!;
    const cards = [
      { listening: 5, follow_up: 4 },
      { listening: 3, follow_up: 5 },
    ];
    for (const [i, ratings] of cards.entries()) {
      const { data: buyer } = await admin.POST("/v1/customers", { body: { name: `Buyer ${i}`, email: email("buyer", "customers.example"), repId: rep.id } });
      const { data: invitation, response } = await admin.POST("/v1/invitations", { body: { customerId: buyer!.id, kind: "report-card" } });
      expect(response.status).toBe(201);
      expect(invitation!.status).toBe("sent");
      const token = surveyToken(await emailTo(buyer!.email));
      const answered = await customer.POST("/s/{token}", { params: { path: { token } }, body: { ratings } });
      expect(answered.error).toBeUndefined();
      expect(answered.data).toMatchObject({ invitationId: invitation!.id, kind: "report-card", outcome: "recorded" });
    }

    // listening: (5 + 3) / 2 = 4; follow_up: (4 + 5) / 2 = 4.5; rawScore = (4 + 4.5) / 2 = 4.25.
    // The organization's prior is the same 4.25 (Dana is the only rep), so adjusted = (2·4.25 + 5·4.25) / 7 = 4.25.
    // Eligible (2 ≥ minResponses 2); payout factor between (4, 1) and (4.5, 1.25): 1 + 0.25 · (4.25 − 4) / 0.5 = 1.125.
    // Weight in the plan's first year 0.2; bonus share 0.2 · 1.125 = 0.225.
    const live = await finance.GET("/v1/bonus-inputs", { params: { query: { period } } });
    const row = live.data!.rows.find((r) => r.repId === rep.id)!;
    expect(live.data!.locked).toBe(false);
    expect(row).toMatchObject({ responses: 2, rawScore: 4.25, adjustedScore: 4.25, eligible: true, weight: 0.2, payoutFactor: 1.125, bonusShare: 0.225 });
    expect(row.ciLow!).toBeLessThan(4.25);
    expect(row.ciHigh!).toBeGreaterThan(4.25);

    const csv = await finance.GET("/v1/bonus-inputs", { params: { query: { period } }, headers: { accept: "text/csv" }, parseAs: "text" });
    expect(csv.response.headers.get("content-type")).toMatch(/^text\/csv/);
    const [line] = (parse(csv.data!, { columns: true }) as Record<string, string>[]).filter((r) => r.rep_id === rep.id);
    expect(line).toMatchObject({ rep_email: rep.email, period, responses: "2", raw_score: "4.2500", adjusted_score: "4.2500", eligible: "true", weight: "0.2000", payout_factor: "1.1250", bonus_share: "0.2250" });

    const early = await finance.POST("/v1/periods/{period}/close", { params: { path: { period } }, body: {} });
    expect(early.response.status).toBe(409);
    expect(early.error!.error.code).toBe("period_not_ended");
    const closed = await finance.POST("/v1/periods/{period}/close", { params: { path: { period } }, body: { force: true, reason: "Payroll runs before the quarter ends" } });
    expect(closed.data).toMatchObject({ period, version: 1 });
    const frozen = await finance.GET("/v1/bonus-inputs", { params: { query: { period } } });
    expect(frozen.data).toMatchObject({ locked: true, snapshot: { version: 1, sha256: closed.data!.sha256 } });
    expect(frozen.data!.rows.find((r) => r.repId === rep.id)).toEqual(row);
  });
});
