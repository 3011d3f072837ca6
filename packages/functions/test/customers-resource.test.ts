import { beforeAll, describe, expect, it } from "vitest";
import { Customer } from "@rapport/core/customer/index";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { patch } from "@rapport/core/customer/update";
import { createApp } from "../src/api/app.ts";
import { withInterloper } from "../../../test/contract/support.ts";
import { aCustomer, aRep, bearer, email } from "../../../test/support/fixtures.ts";
import { invite, submit, totals } from "../../../test/support/cards.ts";

const app = createApp();
let admin: string;
let reader: string;
let writer: string;
let repsOnly: string;

beforeAll(async () => {
  admin = await bearer("admin");
  reader = await bearer("customers:read");
  writer = await bearer("customers:write");
  repsOnly = await bearer("reps:read");
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: { authorization: admin, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe("GET/PATCH/DELETE /v1/customers/{id}", () => {
  it("reads with customers:read or customers:write and edits with customers:write, never with reps:read", async () => {
    const customer = await aCustomer((await aRep()).id);
    const read = await call("GET", `/v1/customers/${customer.id}`, undefined, { authorization: reader });
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"v1"');
    expect(await read.json()).toMatchObject({ id: customer.id, active: true });
    expect((await call("GET", `/v1/customers/${customer.id}`, undefined, { authorization: writer })).status).toBe(200);
    expect((await call("GET", `/v1/customers/${customer.id}`, undefined, { authorization: repsOnly })).status).toBe(403);
    expect((await call("PATCH", `/v1/customers/${customer.id}`, { company: "Acme" }, { authorization: reader })).status).toBe(403);
    const edited = await call("PATCH", `/v1/customers/${customer.id}`, { company: "Acme", valueTier: "B" }, { authorization: writer, "if-match": '"v1"' });
    expect(edited.status).toBe(200);
    expect(edited.headers.get("etag")).toBe('"v2"');
    expect(await edited.json()).toMatchObject({ company: "Acme", valueTier: "B", version: 2 });
    expect((await call("DELETE", `/v1/customers/${customer.id}`, undefined, { authorization: writer })).status).toBe(200);
    expect((await call("GET", "/v1/customers/cus_01JH5Z00000000000000000000")).status).toBe(404);
  });

  it("moves the email lock to a new address, refuses one another customer has (409), and clears a field with null", async () => {
    const rep = await aRep();
    const [a, b] = [await aCustomer(rep.id, { company: "Old Co", segment: "SMB" }), await aCustomer(rep.id)];
    const taken = await call("PATCH", `/v1/customers/${a.id}`, { email: b.email });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error).toMatchObject({ code: "duplicate_email", fields: { email: expect.any(String) } });
    const address = email("moved", "customers.example");
    const moved = await call("PATCH", `/v1/customers/${a.id}`, { email: address, segment: null });
    expect(moved.status).toBe(200);
    const body = await moved.json();
    expect(body).toMatchObject({ email: address, company: "Old Co" });
    expect(body.segment).toBeUndefined();
    expect((await Customer.fromEmail(address))?.id).toBe(a.id);
    expect(await Customer.fromEmail(a.email)).toBeUndefined();
  });

  it("sets the customer's language (stored canonical), refuses a tag that is none naming the field, and clears it with null", async () => {
    const customer = await aCustomer((await aRep()).id);
    const set = await call("PATCH", `/v1/customers/${customer.id}`, { language: "FR-ca" });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ language: "fr-CA" });
    const bad = await call("PATCH", `/v1/customers/${customer.id}`, { language: "not a tag" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty("language");
    const cleared = await call("PATCH", `/v1/customers/${customer.id}`, { language: null });
    expect((await cleared.json()).language).toBeUndefined();
    expect((await Customer.get(customer.id))?.language).toBeUndefined();
  });

  it("writes only the edited fields: a report card's stamp written between the read and the edit stays", async () => {
    const customer = await aCustomer((await aRep()).id);
    expect((await call("GET", `/v1/customers/${customer.id}`)).headers.get("etag")).toBe('"v1"');
    expect("invitation" in (await Invitation.create({ customerId: customer.id, kind: "report-card" }, { kind: "cli", id: "test" }))).toBe(true);
    const edited = await call("PATCH", `/v1/customers/${customer.id}`, { name: "Renamed" }, { "if-match": '"v1"' });
    expect(edited.status).toBe(200);
    expect(await Customer.get(customer.id)).toMatchObject({ name: "Renamed", lastReportCardAt: expect.any(String) });
  });

  it("answers 412 to a stale If-Match and writes nothing", async () => {
    const customer = await aCustomer((await aRep()).id);
    expect((await call("PATCH", `/v1/customers/${customer.id}`, { name: "First" }, { "if-match": '"v1"' })).status).toBe(200);
    const stale = await call("PATCH", `/v1/customers/${customer.id}`, { name: "Lost" }, { "if-match": '"v1"' });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.code).toBe("precondition_failed");
    expect((await Customer.get(customer.id))?.name).toBe("First");
  });

  it("never loses an edit that crossed this one between its read and its write: 412 with If-Match, 409 without", async () => {
    const customer = await aCustomer((await aRep()).id);
    const isCustomerWrite = (input: { TransactItems?: { Update?: { Key?: Record<string, unknown> } }[] }) => input.TransactItems?.[0]?.Update?.Key?.pk === `CUS#${customer.id}`;
    const interloper = (company: string) => () => patch(customer.id, { company }, { kind: "cli", id: "test" });
    const guarded = await withInterloper(isCustomerWrite, interloper("Interloper"), async () => call("PATCH", `/v1/customers/${customer.id}`, { segment: "SMB" }, { "if-match": '"v1"' }));
    expect(guarded.status).toBe(412);
    const unguarded = await withInterloper(isCustomerWrite, interloper("Second"), async () => call("PATCH", `/v1/customers/${customer.id}`, { segment: "SMB" }));
    expect(unguarded.status).toBe(409);
    const stored = await Customer.get(customer.id);
    expect(stored).toMatchObject({ company: "Second", version: 3 });
    expect(stored?.segment).toBeUndefined();
  });

  it("refuses a deactivated rep (422) and an unknown one (400) as the new owner", async () => {
    const customer = await aCustomer((await aRep()).id);
    const leaver = await aRep();
    await call("DELETE", `/v1/reps/${leaver.id}`);
    const inactive = await call("PATCH", `/v1/customers/${customer.id}`, { repId: leaver.id });
    expect(inactive.status).toBe(422);
    expect((await inactive.json()).error.code).toBe("rep_inactive");
    expect((await call("PATCH", `/v1/customers/${customer.id}`, { repId: "rep_01JH5Z00000000000000000000" })).status).toBe(400);
    // Nor does a deactivated rep take a new customer, by POST or by the import's upsert.
    const created = await call("POST", "/v1/customers", { name: "New Person", email: email("new", "customers.example"), repId: leaver.id });
    expect(created.status).toBe(422);
    expect((await created.json()).error).toMatchObject({ code: "rep_inactive", fields: { repId: expect.any(String) } });
    await expect(Customer.upsertByEmail({ name: "Moved", email: customer.email, repId: leaver.id }, { kind: "cli", id: "test" })).rejects.toMatchObject({ code: "rep_inactive" });
    expect((await Customer.get(customer.id))?.repId).not.toBe(leaver.id);
  });

  it("never moves past credit: cards answered before the reassignment, and cards sent before it but answered after, count for the old rep", async () => {
    const [oldRep, newRep] = [await aRep(), await aRep()];
    const at = new Date();
    const period = periodOf(at);
    const answeredBefore = await invite(at, oldRep.id);
    await submit(at, answeredBefore, { listening: 5 });
    const answeredAfter = await invite(at, oldRep.id);
    for (const inv of [answeredBefore, answeredAfter]) {
      expect((await call("PATCH", `/v1/customers/${inv.customerId}`, { repId: newRep.id })).status).toBe(200);
    }
    await submit(at, answeredAfter, { listening: 3 });
    // Two cards for the old rep: listening n 2, sum 5 + 3 = 8; none for the new one.
    expect(await totals(period, oldRep.id)).toMatchObject({ cards: 2, behaviours: { listening: { n: 2, sum: 8 } } });
    expect(await totals(period, newRep.id)).toBeUndefined();
    expect((await Customer.get(answeredAfter.customerId))?.repId).toBe(newRep.id);
    expect((await Invitation.mustGet(answeredAfter.id)).repId).toBe(oldRep.id);
  });
});

describe("GET /v1/customers", () => {
  it("lists everyone's customers or a team's, filtered by status, tier and a name or email prefix, page by page", async () => {
    const team = `Crew ${email("c")}`;
    const [r1, r2, outsider] = [await aRep({ team }), await aRep({ team }), await aRep()];
    const tag = `qx${Date.now().toString(36)}`;
    const a = await aCustomer(r1.id, { name: `${tag} Ann`, valueTier: "A" });
    const b = await aCustomer(r1.id, { name: `${tag} Ben`, valueTier: "B" });
    const c = await aCustomer(r2.id, { name: "Carla", email: `${tag}.carla@customers.example`, valueTier: "A" });
    await aCustomer(outsider.id, { name: `${tag} Out` });
    await call("DELETE", `/v1/customers/${b.id}`);

    const list = async (query: string) => (await call("GET", `/v1/customers?${query}`, undefined, { authorization: reader })).json();
    const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id).sort();
    expect(ids(await list(`team=${encodeURIComponent(team)}&q=${tag}`))).toEqual([a.id, b.id, c.id].sort());
    expect(ids(await list(`team=${encodeURIComponent(team)}&q=${tag}&status=active`))).toEqual([a.id, c.id].sort());
    expect(ids(await list(`team=${encodeURIComponent(team)}&tier=A`))).toEqual([a.id, c.id].sort());
    expect(ids(await list(`q=${tag.toUpperCase()}&status=inactive`))).toEqual([b.id]);
    expect(ids(await list(`repId=${r1.id}`))).toEqual([a.id, b.id].sort());

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(`q=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect((await call("GET", "/v1/customers?repId=rep_01JH5Z00000000000000000000")).status).toBe(404);
    expect((await call("GET", "/v1/customers?tier=Z")).status).toBe(400);
  });
});
