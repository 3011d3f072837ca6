import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/api/app.ts";
import { aRep, bearer, email } from "../../../test/support/fixtures.ts";

const app = createApp();
let admin: string;
let finance: string;

beforeAll(async () => {
  admin = await bearer("admin");
  finance = await bearer("finance");
});

const post = (path: string, body: unknown, auth?: string) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(body),
  });

describe("POST /v1/reps", () => {
  it("creates a rep with an admin key", async () => {
    const address = email("ana");
    const res = await post("/v1/reps", { name: "Ana Lima", email: address.toUpperCase(), team: "East" }, admin);
    expect(res.status).toBe(201);
    const rep = await res.json();
    expect(rep).toMatchObject({ name: "Ana Lima", email: address, team: "East", active: true });
    expect(rep.id).toMatch(/^rep_[0-9A-Z]{26}$/);
  });

  it("answers 401 without a key and 401 with an unknown key", async () => {
    const none = await post("/v1/reps", { name: "X", email: email() });
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthenticated");
    const wrong = await post("/v1/reps", { name: "X", email: email() }, "Bearer rk_not_a_real_key_at_all");
    expect(wrong.status).toBe(401);
  });

  it("answers 403 to a finance key", async () => {
    const res = await post("/v1/reps", { name: "X", email: email() }, finance);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("missing_scope");
  });

  it("answers 409 on a duplicate email, whatever its case", async () => {
    const address = email("dup");
    expect((await post("/v1/reps", { name: "First", email: address }, admin)).status).toBe(201);
    const res = await post("/v1/reps", { name: "Second", email: ` ${address.toUpperCase()} ` }, admin);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "duplicate_email", fields: { email: expect.any(String) } } });
  });

  it("answers 400 naming every bad field", async () => {
    const res = await post("/v1/reps", { name: "", email: "not-an-email", managerEmail: 4, extra: true }, admin);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    expect(Object.keys(body.error.fields).sort()).toEqual(["email", "extra", "managerEmail", "name"]);
    expect(body.error.fields.email).toBe("must be an email address");
  });

  it("keeps the rep's time zone for their morning digest, and names a bad one", async () => {
    const ok = await post("/v1/reps", { name: "Kenji Sato", email: email("kenji"), timezone: "Asia/Tokyo" }, admin);
    expect(ok.status).toBe(201);
    expect((await ok.json()).timezone).toBe("Asia/Tokyo");
    const bad = await post("/v1/reps", { name: "Nowhere", email: email("nowhere"), timezone: "Mars/Olympus" }, admin);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual({ timezone: "must be an IANA time zone such as Europe/Berlin" });
  });

  it("says a missing field is required", async () => {
    const res = await post("/v1/reps", { name: "No Email" }, admin);
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ email: "is required" });
  });

  it("answers 400, not 500, to a body that is not JSON", async () => {
    const res = await app.request("/v1/reps", { method: "POST", headers: { "content-type": "application/json", authorization: admin }, body: "{nope" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("malformed_request");
  });
});

describe("GET /v1/reps", () => {
  it("pages through reps in name order", async () => {
    for (const name of ["Zoe Zed", "Aaron Aardvark", "Mia Middle"]) await aRep({ name });
    const first = await app.request("/v1/reps?limit=2", { headers: { authorization: admin } });
    expect(first.status).toBe(200);
    const page1 = await first.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.cursor).toEqual(expect.any(String));
    const names: string[] = page1.items.map((r: { name: string }) => r.name);
    let cursor: string | undefined = page1.cursor;
    while (cursor) {
      const next = await (await app.request(`/v1/reps?limit=2&cursor=${cursor}`, { headers: { authorization: admin } })).json();
      names.push(...next.items.map((r: { name: string }) => r.name));
      cursor = next.cursor;
    }
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names).toEqual(expect.arrayContaining(["Zoe Zed", "Aaron Aardvark", "Mia Middle"]));
  });

  it("rejects a forged cursor with 400", async () => {
    const res = await app.request("/v1/reps?cursor=%%%", { headers: { authorization: admin } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toHaveProperty("cursor");
  });

  it("rejects a limit out of range, naming limit", async () => {
    const res = await app.request("/v1/reps?limit=5000", { headers: { authorization: admin } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ limit: "must be at most 500" });
  });
});

describe("customers", () => {
  it("creates a customer for an existing rep and lists it under that rep", async () => {
    const rep = await aRep();
    const res = await post("/v1/customers", { name: "Acme Buyer", email: email("acme"), company: "Acme", repId: rep.id, valueTier: "A" }, admin);
    expect(res.status).toBe(201);
    const customer = await res.json();
    expect(customer.id).toMatch(/^cus_/);
    const list = await (await app.request(`/v1/customers?repId=${rep.id}`, { headers: { authorization: admin } })).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([customer.id]);
  });

  it("refuses a customer whose rep does not exist, naming repId", async () => {
    const res = await post("/v1/customers", { name: "Orphan", email: email(), repId: "rep_01JD0000000000000000000000" }, admin);
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ repId: "no rep has this id" });
  });

  it("answers 409 on a duplicate customer email", async () => {
    const rep = await aRep();
    const address = email("twice");
    expect((await post("/v1/customers", { name: "One", email: address, repId: rep.id }, admin)).status).toBe(201);
    expect((await post("/v1/customers", { name: "Two", email: address, repId: rep.id }, admin)).status).toBe(409);
  });

  it("names a malformed repId when listing customers (repId itself is optional: without it, everyone's customers)", async () => {
    const res = await app.request("/v1/customers?repId=nope", { headers: { authorization: admin } });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields)).toEqual(["repId"]);
  });

  it("answers 404 when listing the customers of an unknown rep", async () => {
    const res = await app.request("/v1/customers?repId=rep_01JD0000000000000000000000", { headers: { authorization: admin } });
    expect(res.status).toBe(404);
  });
});

describe("API keys", () => {
  it("shows the secret once and the new key works with its scope only", async () => {
    const res = await post("/v1/api-keys", { name: "Finance export", scopes: ["finance"] }, admin);
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.key).toMatch(/^rk_/);
    expect(created.scopes).toEqual(["finance"]);
    const attempt = await post("/v1/reps", { name: "X", email: email() }, `Bearer ${created.key}`);
    expect(attempt.status).toBe(403);
  });

  it("rejects an unknown scope, naming scopes", async () => {
    const res = await post("/v1/api-keys", { name: "Bad", scopes: ["root"] }, admin);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields)).toEqual(["scopes.0"]);
  });
});

describe("audit log", () => {
  it("records every admin change with the acting key", async () => {
    const rep = await (await post("/v1/reps", { name: "Audited", email: email("audit") }, admin)).json();
    const res = await app.request(`/v1/audit?entityId=${rep.id}`, { headers: { authorization: admin } });
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: "rep.create", entityId: rep.id, actor: { kind: "api-key" } });
    expect(items[0].detail.after.email).toBe(rep.email);
  });
});
