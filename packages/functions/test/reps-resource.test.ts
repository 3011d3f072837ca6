import { beforeAll, describe, expect, it } from "vitest";
import { Audit } from "@rapport/core/audit/index";
import { FollowUp } from "@rapport/core/followup/index";
import { Rep } from "@rapport/core/rep/index";
import { patch } from "@rapport/core/rep/update";
import { periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { answerCard, aRep, bearer, email } from "../../../test/support/fixtures.ts";
import { withInterloper } from "../../../test/contract/support.ts";

const app = createApp();
let admin: string;
let reader: string;
let customersOnly: string;

beforeAll(async () => {
  admin = await bearer("admin");
  reader = await bearer("reps:read");
  customersOnly = await bearer("customers:read");
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: { authorization: admin, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe("GET/PATCH/DELETE /v1/reps/{id}", () => {
  it("reads a rep with its ETag, to an admin or a reps:read key only", async () => {
    const rep = await aRep();
    const res = await call("GET", `/v1/reps/${rep.id}`, undefined, { authorization: reader });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"v1"');
    expect(await res.json()).toMatchObject({ id: rep.id, email: rep.email, active: true });
    expect((await call("GET", `/v1/reps/${rep.id}`, undefined, { authorization: customersOnly })).status).toBe(403);
    expect((await call("PATCH", `/v1/reps/${rep.id}`, { name: "X" }, { authorization: reader })).status).toBe(403);
    const missing = await call("GET", "/v1/reps/rep_01JH5Z00000000000000000000");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("rep_not_found");
  });

  it("edits only what is sent, moves the email lock and the manager's team item, and answers the new ETag", async () => {
    const boss = email("boss");
    const rep = await aRep({ managerEmail: boss, timezone: "Europe/Berlin" });
    const address = email("renamed");
    const next = email("nextboss");
    const res = await call("PATCH", `/v1/reps/${rep.id}`, { email: address.toUpperCase(), managerEmail: next, timezone: null }, { "if-match": '"v1"' });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"v2"');
    const body = await res.json();
    expect(body).toMatchObject({ name: rep.name, email: address, managerEmail: next, version: 2 });
    expect(body.timezone).toBeUndefined();
    expect((await Rep.fromEmail(address))?.id).toBe(rep.id);
    expect(await Rep.fromEmail(rep.email)).toBeUndefined();
    expect(await Rep.team(boss)).toEqual([]);
    expect((await Rep.team(next)).map((r) => r.id)).toEqual([rep.id]);
    // The old address is free again.
    expect((await call("POST", "/v1/reps", { name: "Newcomer", email: rep.email })).status).toBe(201);
  });

  it("answers 409 to an email another rep has, and changes nothing", async () => {
    const [a, b] = [await aRep(), await aRep()];
    const res = await call("PATCH", `/v1/reps/${a.id}`, { email: b.email, name: "Changed" });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "duplicate_email", fields: { email: expect.any(String) } } });
    expect(await Rep.get(a.id)).toMatchObject({ name: a.name, email: a.email, version: 1 });
  });

  it("answers 412 to a stale If-Match and writes nothing", async () => {
    const rep = await aRep();
    expect((await call("PATCH", `/v1/reps/${rep.id}`, { name: "First edit" }, { "if-match": '"v1"' })).status).toBe(200);
    const stale = await call("PATCH", `/v1/reps/${rep.id}`, { name: "Lost edit" }, { "if-match": '"v1"' });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ error: { code: "precondition_failed" } });
    expect((await Rep.get(rep.id))?.name).toBe("First edit");
    expect((await call("PATCH", `/v1/reps/${rep.id}`, { name: "Weak" }, { "if-match": 'W/"v2"' })).status).toBe(412);
    expect((await call("PATCH", `/v1/reps/${rep.id}`, { name: "Any" }, { "if-match": "*" })).status).toBe(200);
  });

  it("never loses an edit that crossed this one between its read and its write: 412 with If-Match, 409 without", async () => {
    const rep = await aRep();
    const isRepWrite = (input: { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] }) => input.TransactItems?.[0]?.Put?.Item?.pk === `REP#${rep.id}`;
    const crossing = await withInterloper(isRepWrite, () => patch(rep.id, { name: "Interloper" }, { kind: "cli", id: "test" }), async () =>
      call("PATCH", `/v1/reps/${rep.id}`, { timezone: "Asia/Tokyo" }, { "if-match": '"v1"' }),
    );
    expect(crossing.status).toBe(412);
    expect(await Rep.get(rep.id)).toMatchObject({ name: "Interloper", version: 2 });
    expect((await Rep.get(rep.id))?.timezone).toBeUndefined();
    const unguarded = await withInterloper(isRepWrite, () => patch(rep.id, { name: "Second interloper" }, { kind: "cli", id: "test" }), async () =>
      call("PATCH", `/v1/reps/${rep.id}`, { timezone: "Asia/Tokyo" }),
    );
    expect(unguarded.status).toBe(409);
    expect(await Rep.get(rep.id)).toMatchObject({ name: "Second interloper", version: 3 });
  });

  it("deactivates (idempotently) and reactivates; the deactivated rep's open recovery cases go to their manager, audited", async () => {
    const boss = email("boss");
    const rep = await aRep({ managerEmail: boss });
    await answerCard((path, init) => app.request(path, init), rep.id, { listening: 1, followUp: 1 });
    const [open] = await FollowUp.list({ repIds: [rep.id], status: "open", kind: "recovery" });
    expect(open?.owner).toBeUndefined();

    const gone = await call("DELETE", `/v1/reps/${rep.id}`);
    expect(gone.status).toBe(200);
    expect(await gone.json()).toMatchObject({ active: false, deactivatedAt: expect.any(String) });
    expect((await call("DELETE", `/v1/reps/${rep.id}`)).status).toBe(200);
    const moved = await FollowUp.get(open!.id);
    expect(moved).toMatchObject({ status: "open", owner: "manager", managerEmail: boss });
    expect((await Audit.forEntity(open!.id)).items.map((e) => e.action)).toContain("follow-up.hand-over");
    expect((await Audit.forEntity(rep.id)).items.map((e) => e.action)).toEqual(["rep.create", "rep.deactivate"]);

    const back = await call("PATCH", `/v1/reps/${rep.id}`, { active: true });
    expect(await back.json()).toMatchObject({ active: true });
    expect((await Rep.get(rep.id))?.deactivatedAt).toBeUndefined();
  });
});

describe("a deactivated rep's bonus inputs", () => {
  it("keep the live row of the period they were surveyed in, while a deactivated rep with nothing in it has none", async () => {
    const finance = await bearer("finance");
    const [worked, idle] = [await aRep(), await aRep()];
    await answerCard((path, init) => app.request(path, init), worked.id, { listening: 4, followUp: 5 });
    for (const rep of [worked, idle]) expect((await call("DELETE", `/v1/reps/${rep.id}`)).status).toBe(200);
    const res = await app.request(`/v1/bonus-inputs?period=${periodOf(new Date())}`, { headers: { authorization: finance } });
    const rows = (await res.json()).rows as { repId: string; responses: number }[];
    // One card answered for the rep who left: their row stays, with its one response.
    expect(rows.find((r) => r.repId === worked.id)).toMatchObject({ responses: 1 });
    expect(rows.find((r) => r.repId === idle.id)).toBeUndefined();
  });
});

describe("GET /v1/reps", () => {
  it("filters by team, status and a name or email prefix (any case), a page at a time with nextCursor", async () => {
    const team = `Squad ${email("s")}`;
    const tag = `zq${Date.now().toString(36)}`;
    const made = [];
    for (const name of ["Amy", "Bob", "Cat"]) made.push(await aRep({ name: `${tag} ${name}`, team }));
    await call("DELETE", `/v1/reps/${made[1]!.id}`);
    const byEmail = await aRep({ email: `${tag}.mail@example.com`, name: "Zz Else", team });

    const list = async (query: string) => (await call("GET", `/v1/reps?${query}`, undefined, { authorization: reader })).json();
    expect((await list(`team=${encodeURIComponent(team.toUpperCase())}`)).items.map((r: { id: string }) => r.id).sort()).toEqual([...made.map((r) => r.id), byEmail.id].sort());
    expect((await list(`team=${encodeURIComponent(team)}&status=inactive`)).items.map((r: { id: string }) => r.id)).toEqual([made[1]!.id]);
    expect((await list(`q=${tag.toUpperCase()}`)).items.map((r: { name: string }) => r.name)).toEqual([`${tag} Amy`, `${tag} Bob`, `${tag} Cat`, "Zz Else"]);
    expect((await list(`q=${tag}%20c`)).items.map((r: { name: string }) => r.name)).toEqual([`${tag} Cat`]);

    const first = await list(`q=${tag}&limit=2`);
    expect(first.items).toHaveLength(2);
    expect(first.cursor).toBe(first.nextCursor);
    const second = await list(`q=${tag}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((r: { name: string }) => r.name)).toEqual([`${tag} Cat`, "Zz Else"]);
    const bad = await call("GET", "/v1/reps?cursor=nope");
    expect(bad.status).toBe(400);
    expect((await call("GET", "/v1/reps?status=gone")).status).toBe(400);
  });
});
