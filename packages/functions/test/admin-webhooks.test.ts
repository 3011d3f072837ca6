import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Admin } from "@rapport/core/admin/index";
import { db, tableName } from "@rapport/core/db/index";
import { Webhook } from "@rapport/core/webhook/index";
import { webhookKeys } from "@rapport/core/webhook/keys";
import { createApp } from "../src/api/app.ts";
import { aRep, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";
import { expectWellFormedPage, tags, textOf } from "../../../web/test/html.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
let cookie: string;
let adminEmail: string;
let adminKey: string;
const got: string[] = [];
let receiverUrl: string;
const server = createServer((req, res) => {
  req.on("data", () => undefined);
  req.on("end", () => {
    got.push(req.headers["webhook-id"] as string);
    res.end();
  });
});

beforeAll(async () => {
  adminEmail = email("hooks-admin");
  await Admin.add({ email: adminEmail, name: "Hooks Admin" }, { kind: "cli", id: "test" });
  cookie = await sessionCookie(adminEmail);
  adminKey = await bearer("admin");
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => {
  server.close();
});

const get = (path: string, headers: Record<string, string> = { cookie }) => app.request(`${ORIGIN}${path}`, { headers });

function csrfIn(html: string, action: string): string {
  const form = html.slice(html.indexOf(`action="${action}"`));
  return form.match(/name="csrf" value="([^"]+)"/)![1]!;
}

/** Posts a console form as the browser does: from this site, with the csrf value of the form on `page`. */
async function postForm(page: string, action: string, fields: [string, string][]) {
  const token = csrfIn(await (await get(page)).text(), action);
  return app.request(`${ORIGIN}${action}`, {
    method: "POST",
    headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([...fields, ["csrf", token]]).toString(),
  });
}

async function create(url = receiverUrl, events = ["case.opened", "period.closed"]) {
  const res = await postForm("/admin/webhooks", "/admin/webhooks", [["url", url], ...events.map((e): [string, string] => ["events", e])]);
  expect(res.status).toBe(201);
  const html = await res.text();
  return { html, secret: html.match(/whsec_[A-Za-z0-9+/=]{32}/)![0], id: html.match(/href="\/admin\/webhooks\/(whk_[0-9A-Z]{26})"/)![1]! };
}

/** Hands the outbox item of a test event to the outbound worker, as the table's stream does (its new image, in DynamoDB's JSON). */
async function deliver(eventId: string) {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: webhookKeys.outbox(eventId) }));
  const S = (value: unknown) => ({ S: String(value) });
  const image = { pk: S(Item!.pk), sk: S(Item!.sk), type: S("outbox"), id: S(Item!.id), event: S(Item!.event), at: S(Item!.at), only: S(Item!.only), data: { M: { subscriptionId: S(Item!.data.subscriptionId) } }, ttl: { N: String(Item!.ttl) } };
  // The stream record's type names only the attribute kinds the filters read (S, N); the worker reads the map too.
  await Webhook.work([{ eventName: "INSERT", dynamodb: { SequenceNumber: "1", NewImage: image as unknown as Record<string, { S?: string }> } }]);
}

describe("the console's webhooks page", () => {
  it("is linked from the console, refuses a form without events or with a refused URL beside its field, and shows a new subscription's secret once", async () => {
    const home = await (await get("/admin")).text();
    expect(tags(home, "a").map((a) => a.href)).toContain("/admin/webhooks");
    const page = await get("/admin/webhooks");
    expect(page.status).toBe(200);
    const html = await page.text();
    expectWellFormedPage(html);
    expect(tags(html, "input").filter((i) => i.name === "events").map((i) => i.value)).toEqual(["response.submitted", "case.opened", "case.escalated", "case.resolved", "concern.raised", "period.closed", "campaign.finished"]);

    const none = await postForm("/admin/webhooks", "/admin/webhooks", [["url", receiverUrl]]);
    expect(none.status).toBe(400);
    const noneHtml = await none.text();
    expect(textOf(noneHtml)).toContain("Events must include at least one: tick the events to send.");
    expect(tags(noneHtml, "input").find((i) => i.id === "url")!.value).toBe(receiverUrl);
    const refused = await postForm("/admin/webhooks", "/admin/webhooks", [["url", "ftp://crm.example.com/hook"], ["events", "case.opened"]]);
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(textOf(refusedHtml)).toContain("URL must use https.");
    expect(tags(refusedHtml, "input").find((i) => i.id === "url")!["aria-invalid"]).toBe("true");
    expect(tags(refusedHtml, "input").find((i) => i.id === "event-case.opened")!.checked).toBeDefined();

    const { html: answer, secret, id } = await create();
    expect(textOf(answer)).toContain(`Subscription to ${new URL(receiverUrl).host} created`);
    const listed = await (await get("/admin/webhooks")).text();
    expect(listed).not.toContain(secret);
    const link = `href="/admin/webhooks/${id}">`;
    const row = textOf(listed.slice(listed.indexOf(link) + link.length));
    expect(row).toMatch(new RegExp(`^${new URL(receiverUrl).host}\\s*case.opened, period.closed\\s*Active`));
    const audit = await (await get(`/v1/audit?entityId=${id}`, { authorization: adminKey })).json();
    expect(audit.items).toContainEqual(expect.objectContaining({ action: "webhook.create", actor: { kind: "user", id: adminEmail } }));
  });

  it("sends a test event from a subscription's page and shows its delivery in the log: time, event, tries, status, response code, duration", async () => {
    const { id } = await create();
    const page = await (await get(`/admin/webhooks/${id}`)).text();
    expectWellFormedPage(page);
    expect(textOf(page)).toContain("Nothing delivered yet.");
    const sent = await postForm(`/admin/webhooks/${id}`, `/admin/webhooks/${id}/test`, []);
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe(`/admin/webhooks/${id}?done=tested`);
    const [entry] = (await (await get(`/v1/audit?entityId=${id}`, { authorization: adminKey })).json()).items.filter((e: { action: string }) => e.action === "webhook.test");
    expect(entry.actor).toEqual({ kind: "user", id: adminEmail });
    const eventId = entry.detail.eventId as string;
    await deliver(eventId);
    expect(got).toContain(eventId);
    const after = await (await get(`/admin/webhooks/${id}?done=tested`)).text();
    expect(textOf(after)).toContain("A test event is queued for this subscription");
    const log = textOf(after.slice(after.indexOf('id="deliveries"')));
    expect(log).toMatch(/webhook\.test\s*1\s*Delivered\s*200\s*\d+ ms/);
  });

  it("enables a disabled subscription again (audited), through the page and the API, and deletes one", async () => {
    const { id } = await create();
    await db().send(new UpdateCommand({ TableName: tableName(), Key: webhookKeys.subscription(id), UpdateExpression: "SET #s = :d, disabledAt = :at", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":d": "disabled", ":at": new Date().toISOString() } }));
    const disabled = await (await get(`/admin/webhooks/${id}`)).text();
    expect(textOf(disabled)).toContain("Disabled");
    expect(textOf(disabled)).not.toContain("Send test event");
    expect(textOf(await (await get("/admin/webhooks")).text())).toContain("Disabled");
    const enabled = await postForm(`/admin/webhooks/${id}`, `/admin/webhooks/${id}/enable`, []);
    expect(enabled.status).toBe(303);
    const active = await (await get(enabled.headers.get("location")!)).text();
    expect(textOf(active)).toContain("The subscription is active again");
    expect(textOf(active)).toContain("Send test event");
    expect(await Webhook.get(id)).not.toHaveProperty("disabledAt");
    const audit = (await (await get(`/v1/audit?entityId=${id}`, { authorization: adminKey })).json()).items;
    expect(audit).toContainEqual(expect.objectContaining({ action: "webhook.enable", actor: { kind: "user", id: adminEmail } }));

    // The API verb: an admin key enables; an active one stays as it is; an unknown one is 404.
    await db().send(new UpdateCommand({ TableName: tableName(), Key: webhookKeys.subscription(id), UpdateExpression: "SET #s = :d", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":d": "disabled" } }));
    const api = (path: string) => app.request(path, { method: "POST", headers: { authorization: adminKey } });
    const byKey = await api(`/v1/webhooks/${id}/enable`);
    expect(byKey.status).toBe(200);
    expect(await byKey.json()).toMatchObject({ id, status: "active" });
    expect((await (await api(`/v1/webhooks/${id}/enable`)).json()).status).toBe("active");
    expect((await api("/v1/webhooks/whk_01JD0000000000000000000000/enable")).status).toBe(404);

    const deleted = await postForm(`/admin/webhooks/${id}`, `/admin/webhooks/${id}/delete`, []);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/admin/webhooks?done=deleted");
    expect(textOf(await (await get("/admin/webhooks?done=deleted")).text())).toContain("The subscription is deleted");
    expect((await get(`/admin/webhooks/${id}`)).status).toBe(404);
  });

  it("is for admins: a rep's session gets the 403 page, a post without the page's csrf value is refused and changes nothing", async () => {
    const rep = await aRep();
    expect((await get("/admin/webhooks", { cookie: await sessionCookie(rep.email) })).status).toBe(403);
    const before = (await Webhook.list()).length;
    const forged = await app.request(`${ORIGIN}/admin/webhooks`, {
      method: "POST",
      headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([["url", receiverUrl], ["events", "case.opened"]]).toString(),
    });
    expect(forged.status).toBe(403);
    expect((await Webhook.list()).length).toBe(before);
  });
});
