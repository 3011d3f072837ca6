import { beforeAll, describe, expect, it } from "vitest";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Clock } from "@rapport/core/clock/index";
import { db, tableName } from "@rapport/core/db/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, answerForm, bearer, email } from "../../../test/support/fixtures.ts";

const app = createApp();
let admin: string;

beforeAll(async () => {
  admin = await bearer("admin");
});

const json = (method: string, path: string, auth: string, body?: unknown) =>
  app.request(path, { method, headers: { "content-type": "application/json", authorization: auth }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

const poor = { ratings: { listening: 2, follow_up: 3, proactive: 4, reachability: 1, advocacy: "na", customer_first: 3 }, improve: "Nobody called back", contactOk: true };

/** A rep with an open recovery case (a poor report card answered by their customer). */
async function openCase() {
  const rep = await aRep({ managerEmail: email("manager") });
  const customer = await aCustomer(rep.id);
  await answerForm((path, init) => app.request(path, init), customer.id, "report-card", poor);
  const listed = await (await json("GET", `/v1/follow-ups?repId=${rep.id}&kind=recovery`, admin)).json();
  return { rep, id: listed.items[0].id as string };
}

describe("API keys: list, revoke, last used", () => {
  it("lists keys without secrets, records last use at most once a minute, and a revoked key stops working at once (audited)", async () => {
    const created = await (await json("POST", "/v1/api-keys", admin, { name: "Help desk", scopes: ["follow-ups:write"] })).json();
    const listed = async () => ((await (await json("GET", "/v1/api-keys", admin)).json()).items as Record<string, unknown>[]).find((k) => k.id === created.id)!;
    expect(await listed()).toEqual({ id: created.id, name: "Help desk", scopes: ["follow-ups:write"], createdAt: created.createdAt, lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(await (await json("GET", "/v1/api-keys", admin)).json())).not.toContain(created.key);

    const use = () => json("GET", "/v1/bonus-inputs?period=2026-Q4", `Bearer ${created.key}`);
    const t0 = new Date("2026-11-20T14:00:00.000Z");
    await Clock.at(t0, use);
    expect((await listed()).lastUsedAt).toBe(t0.toISOString());
    // 59 s later the key is used again: nothing is written.
    await Clock.at(new Date(t0.getTime() + 59_000), use);
    expect((await listed()).lastUsedAt).toBe(t0.toISOString());
    // A minute and more later, it is.
    const t2 = new Date(t0.getTime() + 61_000);
    await Clock.at(t2, use);
    expect((await listed()).lastUsedAt).toBe(t2.toISOString());

    const revoked = await json("DELETE", `/v1/api-keys/${created.id}`, admin);
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revokedAt).toEqual(expect.any(String));
    const refused = await use();
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("invalid_api_key");
    expect((await listed()).revokedAt).toEqual(expect.any(String));
    expect((await json("DELETE", "/v1/api-keys/key_00000000000000000000000000", admin)).status).toBe(404);
    const audit = await (await json("GET", `/v1/audit?entityId=${created.id}`, admin)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["api-key.create", "api-key.revoke"]);
  });

  it("answers 403 to a key without the admin scope", async () => {
    expect((await json("GET", "/v1/api-keys", await bearer("finance"))).status).toBe(403);
  });
});

describe("bonus:read", () => {
  it("reads the bonus inputs as JSON and CSV but cannot close a period", async () => {
    const key = await bearer("bonus:read");
    expect((await json("GET", "/v1/bonus-inputs?period=2026-Q3", key)).status).toBe(200);
    const csv = await app.request("/v1/bonus-inputs?period=2026-Q3", { headers: { authorization: key, accept: "text/csv" } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const close = await json("POST", "/v1/periods/2026-Q3/close", key, {});
    expect(close.status).toBe(403);
    expect((await close.json()).error.code).toBe("missing_scope");
  });
});

describe("follow-ups:write", () => {
  it("resolves a case on behalf of the rep who owns it, audited as both the key and the rep", async () => {
    const key = await (await json("POST", "/v1/api-keys", admin, { name: "Help desk", scopes: ["follow-ups:write"] })).json();
    const auth = `Bearer ${key.key}`;
    const { rep, id } = await openCase();
    const other = await aRep();
    const path = `/v1/follow-ups/${id}/resolve`;

    const without = await json("POST", path, auth, { note: "Called them back" });
    expect(without.status).toBe(400);
    expect((await without.json()).error.fields).toEqual({ onBehalfOf: expect.stringContaining("required") });
    const notTheirs = await json("POST", path, auth, { note: "Called them back", onBehalfOf: other.id });
    expect(notTheirs.status).toBe(403);
    expect((await json("POST", path, auth, { note: "Called them back", onBehalfOf: "rep_00000000000000000000000000" })).status).toBe(400);
    expect((await json("GET", `/v1/follow-ups?repId=${rep.id}`, auth)).status).toBe(403);

    const done = await json("POST", path, auth, { note: "Called them back", onBehalfOf: rep.id });
    expect(done.status).toBe(200);
    expect((await done.json()).followUp).toMatchObject({ status: "resolved", note: "Called them back" });
    const audit = await (await json("GET", `/v1/audit?entityId=${id}`, admin)).json();
    expect(audit.items.map((e: { action: string; actor: unknown }) => [e.action, e.actor])).toEqual([["follow-up.resolve", { kind: "api-key", id: key.id, onBehalfOf: rep.id }]]);
  });

  it("is refused a case the customer reopened to the manager, which an admin key may still resolve", async () => {
    const helpDesk = await bearer("follow-ups:write");
    const { rep, id } = await openCase();
    await db().send(new UpdateCommand({ TableName: tableName(), Key: { pk: `FUP#${id}`, sk: "FUP" }, UpdateExpression: "SET #owner = :manager", ExpressionAttributeNames: { "#owner": "owner" }, ExpressionAttributeValues: { ":manager": "manager" } }));
    const refused = await json("POST", `/v1/follow-ups/${id}/resolve`, helpDesk, { note: "Called them", onBehalfOf: rep.id });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("reopened_to_manager");
    expect((await json("POST", `/v1/follow-ups/${id}/resolve`, admin, { note: "The manager called them", onBehalfOf: rep.id })).status).toBe(200);
  });
});
