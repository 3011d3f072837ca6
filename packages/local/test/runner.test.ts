import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Admin } from "@rapport/core/admin/index";
import { ApiKey } from "@rapport/core/api-key/index";
import type { BonusRow } from "@rapport/core/bonus/row";
import { Clock } from "@rapport/core/clock/index";
import { list as listCustomers } from "@rapport/core/customer/list";
import { Period, periodOf } from "@rapport/core/period/index";
import { Rep } from "@rapport/core/rep/index";
import { createApp } from "@rapport/functions/api/app";
import { ensurePortFree, freePort } from "../src/engines.ts";
import { healthy, launch, running, STARTUP_MS, stop } from "./launch.ts";
import { DEMO_SIGN_IN, readDemoCredentials, seedDemo, seedDemoOnce } from "../src/seed.ts";

// The issue's own example: `ADMIN_API_KEY=k DEMO_SEED=0 npm start`.
const adminKey = "k";

function api(port: number, path: string, init: RequestInit & { key?: string } = {}) {
  const { key, ...rest } = init;
  return fetch(`http://127.0.0.1:${port}${path}`, {
    ...rest,
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });
}

async function repEmails(port: number, key: string): Promise<string[]> {
  const res = await api(port, "/v1/reps?limit=500", { key });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { email: string }[] }).items.map((rep) => rep.email);
}

describe("the local runner (npm start)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "rapport-runner-"));
  let ports: { PORT: string; DYNAMODB_PORT: string; SES_PORT: string };
  let port: number;
  let repCountAfterSeed = 0;
  let firstDemoKey: string | undefined;

  beforeAll(async () => {
    ports = { PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()), SES_PORT: String(await freePort()) };
    port = Number(ports.PORT);
  });

  afterAll(async () => {
    await Promise.all([...running].map((child) => (child.kill("SIGTERM"), new Promise((ok) => child.once("exit", ok)))));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses to start when a port is taken, naming the port and its knob", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((ok) => blocker.listen(Number(ports.SES_PORT), "127.0.0.1", ok));
    try {
      const launched = launch({ ...ports, DATA_DIR: dataDir });
      expect(await launched.exit).not.toBe(0);
      expect(launched.output()).toContain(`Port ${ports.SES_PORT}`);
      expect(launched.output()).toContain("SES_PORT=<port>");
    } finally {
      await new Promise((ok) => blocker.close(ok));
    }
  }, STARTUP_MS);

  it("explains how to install Java when there is none", async () => {
    const launched = launch({ ...ports, DATA_DIR: dataDir, PATH: "/nonexistent" });
    expect(await launched.exit).not.toBe(0);
    expect(launched.output()).toContain("needs a Java runtime");
    expect(launched.output()).toContain("apt-get install");
  }, STARTUP_MS);

  it("boots to a healthy app and registers ADMIN_API_KEY as an admin key", async () => {
    const launched = launch({ ...ports, DATA_DIR: dataDir, ADMIN_API_KEY: adminKey, DEMO_SEED: "0" });
    await healthy(launched, port);

    const ada = { name: "Ada Lovelace", email: "ada@example.com", team: "Northeast" };
    expect((await api(port, "/v1/reps", { method: "POST", body: JSON.stringify(ada) })).status).toBe(401);
    expect((await api(port, "/v1/reps", { method: "POST", body: JSON.stringify(ada), key: adminKey })).status).toBe(201);
    expect(await repEmails(port, adminKey)).toEqual(["ada@example.com"]);

    expect(await stop(launched)).toBe(0);
    expect(launched.output()).toContain("Stopped.");
    for (const [knob, value] of Object.entries(ports)) await expect(ensurePortFree(Number(value), knob, knob)).resolves.toBeUndefined();
  }, STARTUP_MS);

  it("keeps the data across a restart and seeds the demo organization on its first start", async () => {
    const launched = launch({ ...ports, DATA_DIR: dataDir, ADMIN_API_KEY: adminKey });
    await healthy(launched, port);

    const emails = await repEmails(port, adminKey);
    expect(emails).toContain("ada@example.com");
    expect(emails.filter((email) => email.endsWith("@demo.rapport.localhost"))).toHaveLength(3);
    repCountAfterSeed = emails.length;

    const out = launched.output();
    expect(out).toContain(`http://localhost:${ports.SES_PORT}`);
    expect(out).toContain(`http://localhost:${ports.PORT}/docs`);
    const demoKey = out.match(/Demo admin API key\s+(\S+)/)?.[1];
    expect(demoKey).toBeDefined();
    expect((await api(port, "/v1/reps", { key: demoKey! })).status).toBe(200);
    firstDemoKey = demoKey;

    expect(await stop(launched)).toBe(0);
  }, STARTUP_MS);

  it("does not seed the demo organization again on a later start, and shows the same demo key", async () => {
    const launched = launch({ ...ports, DATA_DIR: dataDir, ADMIN_API_KEY: adminKey });
    await healthy(launched, port);

    expect(await repEmails(port, adminKey)).toHaveLength(repCountAfterSeed);
    const out = launched.output();
    expect(out).not.toContain("Seeded");
    expect(out.match(/Demo admin API key\s+(\S+)/)?.[1]).toBe(firstDemoKey);
    expect(out).toContain(`http://localhost:${ports.SES_PORT}/store`);

    expect(await stop(launched)).toBe(0);
  }, STARTUP_MS);
});

/** How many emails the SES emulator holds for any of `addresses` (the emulator is shared by every test file). */
async function emailsTo(addresses: string[]): Promise<number> {
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  const store = (await (await fetch(`${inject("engines").sesEndpoint}/store`)).json()) as { emails: { destination: { to: string[] } }[] };
  return store.emails.filter((e) => e.destination.to.some((to) => wanted.has(to.toLowerCase()))).length;
}

describe("the demo seed", () => {
  it("gives every team an eligible rep with a real payout factor in the current and the previous period, and a second run sends no email", async () => {
    const seeded = await seedDemo();
    expect(seeded.answers).toBeGreaterThan(0);
    const people = [seeded.managerEmail, ...seeded.reps.map((r) => r.email), ...seeded.customers.map((c) => c.email!)];
    const sent = await emailsTo(people);
    // The seed's own answers open recovery cases, whose emails go to the manager once.
    expect(sent).toBeGreaterThan(0);

    const app = createApp();
    const finance = `Bearer ${(await ApiKey.create({ name: "finance (test)", scopes: ["finance"] }, { kind: "cli", id: "test" })).key}`;
    const plan = await (await app.request("/v1/plans/current", { headers: { authorization: `Bearer ${seeded.adminApiKey.key}` } })).json();
    const current = periodOf(new Date());
    for (const period of [current, Period.previous(current)]) {
      const res = await app.request(`/v1/bonus-inputs?period=${period}`, { headers: { authorization: finance } });
      expect(res.status).toBe(200);
      const rows = (await res.json()).rows as BonusRow[];
      const teams = new Set(rows.map((r) => r.team));
      expect(teams.size).toBeGreaterThan(0);
      for (const team of teams) {
        const paid = rows.filter((r) => r.team === team && r.eligible && r.responses >= plan.minResponses && r.payoutFactor !== plan.fallbackFactor);
        expect(paid.map((r) => r.repName), `${team} in ${period}`).not.toEqual([]);
      }
    }

    // Run again, as a restart after a half-finished seed would, even months later (when the 60-day rule
    // would let every customer be asked again): nothing is answered or emailed twice.
    const again = await Clock.at(new Date(Date.now() + 70 * 86_400_000), () => seedDemo({ reuseKey: seeded.adminApiKey.key }));
    expect(again.answers).toBe(0);
    expect(await emailsTo(people)).toBe(sent);
  }, 120_000);

  it("never duplicates reps or customers when run again, and keeps a still-valid demo key", async () => {
    const first = await seedDemo();
    const again = await seedDemo({ reuseKey: first.adminApiKey.key });

    expect(again.reps.map((rep) => rep.id)).toEqual(first.reps.map((rep) => rep.id));
    expect(again.customers.map((customer) => customer.id)).toEqual(first.customers.map((customer) => customer.id));
    expect(again.adminApiKey).toEqual(first.adminApiKey);
    expect((await Rep.list()).items).toHaveLength(3);
    // The demo admin, a person who signs in to /admin, is there once.
    expect((await Admin.list()).filter((a) => a.email === DEMO_SIGN_IN.admin)).toEqual([expect.objectContaining({ email: DEMO_SIGN_IN.admin, source: "api" })]);
    expect(new Set(first.reps.map((rep) => `${rep.team} ${rep.managerEmail}`)).size).toBe(1);

    const perRep = await Promise.all(first.reps.map(async (rep) => (await listCustomers({ repId: rep.id })).items.length));
    expect(perRep.reduce((a, b) => a + b)).toBe(19);
    expect(Math.min(...perRep)).toBeGreaterThan(0);
    expect(new Set(first.customers.map((customer) => customer.valueTier))).toEqual(new Set(["A", "B", "C"]));
  });

  it("runs once per table and saves the demo key for later starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rapport-seed-"));
    try {
      const seeded = await seedDemoOnce(dir);
      expect(seeded).toBeDefined();
      expect(readDemoCredentials(dir)?.adminApiKey).toBe(seeded!.adminApiKey.key);
      expect(await seedDemoOnce(dir)).toBeUndefined();
      expect((await Rep.list()).items).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
