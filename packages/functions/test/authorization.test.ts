import { beforeAll, describe, expect, it } from "vitest";
import { Admin } from "@rapport/core/admin/index";
import { createApp } from "../src/api/app.ts";
import { aRep, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();

type Who = "nobody" | "repA" | "repB" | "managerA" | "otherManager" | "finance" | "admin" | "adminPerson";
const who: Who[] = ["nobody", "repA", "repB", "managerA", "otherManager", "finance", "admin", "adminPerson"];
const credentials = {} as Record<Who, Record<string, string>>;
let repA: string;

beforeAll(async () => {
  const managerA = email("manager-a");
  const otherManager = email("manager-z");
  const a = await aRep({ name: "Rep A", managerEmail: managerA, team: "A-team" });
  const b = await aRep({ name: "Rep B", managerEmail: otherManager, team: "Z-team" });
  repA = a.id;
  credentials.nobody = {};
  credentials.repA = { cookie: await sessionCookie(a.email) };
  credentials.repB = { cookie: await sessionCookie(b.email) };
  credentials.managerA = { cookie: await sessionCookie(managerA) };
  credentials.otherManager = { cookie: await sessionCookie(otherManager) };
  credentials.finance = { authorization: await bearer("finance") };
  credentials.admin = { authorization: await bearer("admin") };
  // A signed-in admin (a person): their session serves where an admin key does; a write without the page's CSRF value is 403.
  const person = email("admin-person");
  await Admin.add({ email: person, name: "Admin Person" }, { kind: "cli", id: "test" });
  credentials.adminPerson = { cookie: await sessionCookie(person) };
}, 60_000);

interface Case {
  method: "GET" | "POST";
  path: () => string;
  body?: unknown;
  expect: Record<Who, number>;
}

/** A signed-in rep or manager on an admin route is 403 `not_admin`; a signed-in admin reads, and writes only with the CSRF header (403 here). */
const adminOnly = (ok: number, write = false): Record<Who, number> => ({ nobody: 401, repA: 403, repB: 403, managerA: 403, otherManager: 403, finance: 403, admin: ok, adminPerson: write ? 403 : ok });
const financeOnly = (ok: number): Record<Who, number> => ({ nobody: 401, repA: 401, repB: 401, managerA: 401, otherManager: 401, finance: ok, admin: 403, adminPerson: 401 });

// Mutating routes get bodies that fail validation, so an authorised caller sees 400 and nothing changes.
const cases: Case[] = [
  { method: "GET", path: () => "/health", expect: { nobody: 200, repA: 200, repB: 200, managerA: 200, otherManager: 200, finance: 200, admin: 200, adminPerson: 200 } },
  { method: "GET", path: () => "/openapi.json", expect: { nobody: 200, repA: 200, repB: 200, managerA: 200, otherManager: 200, finance: 200, admin: 200, adminPerson: 200 } },
  { method: "POST", path: () => "/v1/reps", body: {}, expect: adminOnly(400, true) },
  { method: "GET", path: () => "/v1/reps", expect: adminOnly(200) },
  { method: "POST", path: () => "/v1/customers", body: {}, expect: adminOnly(400, true) },
  { method: "GET", path: () => `/v1/customers?repId=${repA}`, expect: adminOnly(200) },
  { method: "POST", path: () => "/v1/api-keys", body: {}, expect: adminOnly(400, true) },
  { method: "GET", path: () => "/v1/audit", expect: adminOnly(200) },
  { method: "POST", path: () => "/v1/invitations", body: {}, expect: adminOnly(400, true) },
  { method: "GET", path: () => "/v1/invitations/inv_01JD0000000000000000000000", expect: adminOnly(404) },
  { method: "POST", path: () => "/v1/campaigns", body: {}, expect: adminOnly(400, true) },
  { method: "POST", path: () => "/v1/jobs/run?now=never", expect: adminOnly(400, true) },
  { method: "POST", path: () => "/v1/ses/notifications", body: {}, expect: adminOnly(400, true) },
  { method: "POST", path: () => "/v1/plans", body: {}, expect: adminOnly(400, true) },
  { method: "GET", path: () => "/v1/plans/current", expect: adminOnly(200) },
  { method: "GET", path: () => "/v1/bonus-inputs?period=2026-Q9", expect: financeOnly(400) },
  { method: "POST", path: () => "/v1/periods/2099-Q1/close", expect: financeOnly(400) },
  { method: "POST", path: () => "/v1/periods/2026-Q4/reopen", body: {}, expect: financeOnly(400) },
  { method: "GET", path: () => "/v1/flags?period=2026-Q4", expect: { nobody: 401, repA: 403, repB: 403, managerA: 200, otherManager: 200, finance: 200, admin: 200, adminPerson: 200 } },
  { method: "POST", path: () => "/v1/flags/flg_01JD0000000000000000000000/clear", body: {}, expect: { nobody: 401, repA: 403, repB: 403, managerA: 403, otherManager: 403, finance: 400, admin: 400, adminPerson: 403 } },
  { method: "POST", path: () => "/v1/flags/flg_01JD0000000000000000000000/void", body: {}, expect: { nobody: 401, repA: 403, repB: 403, managerA: 403, otherManager: 403, finance: 400, admin: 400, adminPerson: 403 } },
  { method: "GET", path: () => "/v1/me/scorecard", expect: { nobody: 401, repA: 200, repB: 200, managerA: 404, otherManager: 404, finance: 401, admin: 401, adminPerson: 404 } },
  { method: "GET", path: () => `/v1/reps/${repA}/scorecard`, expect: { nobody: 401, repA: 200, repB: 403, managerA: 200, otherManager: 403, finance: 403, admin: 200, adminPerson: 200 } },
  { method: "GET", path: () => "/v1/follow-ups", expect: { nobody: 401, repA: 200, repB: 200, managerA: 200, otherManager: 200, finance: 403, admin: 200, adminPerson: 200 } },
  { method: "GET", path: () => `/v1/follow-ups?repId=${repA}`, expect: { nobody: 401, repA: 200, repB: 403, managerA: 200, otherManager: 403, finance: 403, admin: 200, adminPerson: 200 } },
  { method: "POST", path: () => "/v1/follow-ups/fup_01JD0000000000000000000000/resolve", body: { note: "done" }, expect: { nobody: 401, repA: 404, repB: 404, managerA: 404, otherManager: 404, finance: 403, admin: 404, adminPerson: 404 } },
  { method: "GET", path: () => "/v1/insights", expect: { nobody: 401, repA: 403, repB: 403, managerA: 200, otherManager: 200, finance: 403, admin: 200, adminPerson: 200 } },
  { method: "GET", path: () => "/v1/recovery-plan", expect: adminOnly(200) },
  { method: "GET", path: () => "/v1/surveys/current", expect: adminOnly(200) },
  { method: "POST", path: () => "/v1/surveys", body: {}, expect: adminOnly(400, true) },
  { method: "GET", path: () => "/dashboard", expect: { nobody: 303, repA: 200, repB: 200, managerA: 200, otherManager: 200, finance: 303, admin: 303, adminPerson: 303 } },
  { method: "GET", path: () => `/dashboard/reps/${repA}`, expect: { nobody: 303, repA: 200, repB: 403, managerA: 200, otherManager: 403, finance: 303, admin: 303, adminPerson: 403 } },
];

describe("authorization matrix", () => {
  for (const c of cases) {
    it(`${c.method} ${c.path().replace(/rep_[0-9A-Z]+/, "{repA}")}`, async () => {
      const got = {} as Record<Who, number>;
      for (const person of who) {
        const res = await app.request(c.path(), {
          method: c.method,
          headers: { ...credentials[person], ...(c.body ? { "content-type": "application/json" } : {}) },
          ...(c.body ? { body: JSON.stringify(c.body) } : {}),
        });
        got[person] = res.status;
      }
      expect(got).toEqual(c.expect);
    });
  }
});
