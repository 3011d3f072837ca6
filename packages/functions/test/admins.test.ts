import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Auth } from "@rapport/core/auth/index";
import { config, configure } from "@rapport/core/config";
import { db } from "@rapport/core/db/index";
import { createApp } from "../src/api/app.ts";
import { adminCsrf } from "../src/api/auth.ts";
import { aRep, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";
import { inbox } from "../../../test/support/inbox.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
const byKey = (key: string) => ({ authorization: key });
const settingAdmin = email("owner");
let admin: string;

beforeAll(async () => {
  configure({ adminEmails: [...config().adminEmails, settingAdmin] });
  admin = await bearer("admin");
});
afterAll(() => {
  configure({ adminEmails: config().adminEmails.filter((e) => e !== settingAdmin) });
});

const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(`${ORIGIN}${path}`, { method, headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

/** The session secret of a cookie header value. */
const secretOf = (cookie: string) => cookie.replace(/^rapport_session=/, "");

/** Signs in through the real link and the confirm button; answers where the button sent the person. */
async function signInThroughLink(address: string): Promise<{ location: string; cookie: string }> {
  const asked = await call("POST", "/auth/login", {}, { email: address });
  expect(asked.status).toBe(202);
  const token = (await inbox(address)).at(-1)?.body.text?.match(/\/auth\/callback\?token=([A-Za-z0-9_-]+)/)?.[1];
  expect(token).toBeDefined();
  const page = await (await call("GET", `/auth/callback?token=${token}`, {})).text();
  const csrf = page.match(/name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/)!;
  const res = await app.request(`${ORIGIN}/auth/callback`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams({ token: token!, csrf: (csrf[1] ?? csrf[2])! }).toString(),
  });
  expect(res.status).toBe(303);
  return { location: res.headers.get("location")!, cookie: `rapport_session=${res.headers.get("set-cookie")!.match(/rapport_session=([^;]+)/)![1]}` };
}

describe("admins are people", () => {
  it("signs in an admin of the ADMIN_EMAILS setting by magic link and opens the console for them", async () => {
    const { location, cookie } = await signInThroughLink(settingAdmin);
    expect(location).toBe("/admin");
    const listed = await call("GET", "/v1/admins", { cookie });
    expect(listed.status).toBe(200);
    expect((await listed.json()).items).toContainEqual({ email: settingAdmin, source: "setting" });
  });

  it("names an admin by POST /v1/admins (audited), who then signs in; removing them takes the admin routes away at once", async () => {
    const address = email("sam");
    const added = await call("POST", "/v1/admins", byKey(admin), { email: address.toUpperCase(), name: "Sam Lee" });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ email: address, name: "Sam Lee", source: "api" });
    expect((await call("POST", "/v1/admins", byKey(admin), { email: address, name: "Sam Lee" })).status).toBe(409);
    const audit = await (await call("GET", `/v1/audit?entityId=${encodeURIComponent(address)}`, byKey(admin))).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["admin.add"]);

    const { location, cookie } = await signInThroughLink(address);
    expect(location).toBe("/admin");
    expect((await inbox(address)).at(-1)?.body.text).toContain("Sam");
    expect((await call("GET", "/v1/admins", { cookie })).status).toBe(200);

    expect((await call("DELETE", `/v1/admins/${encodeURIComponent(address)}`, byKey(admin))).status).toBe(204);
    const after = await call("GET", "/v1/admins", { cookie });
    expect(after.status).toBe(401);
    expect((await call("DELETE", `/v1/admins/${encodeURIComponent(address)}`, byKey(admin))).status).toBe(404);
  });

  it("refuses to remove an admin of the ADMIN_EMAILS setting through the API", async () => {
    const res = await call("DELETE", `/v1/admins/${encodeURIComponent(settingAdmin)}`, byKey(admin));
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("admin_from_setting");
  });

  it("keeps a rep who is also an admin on their dashboard after sign-in", async () => {
    const rep = await aRep();
    expect((await call("POST", "/v1/admins", byKey(admin), { email: rep.email, name: rep.name })).status).toBe(201);
    const { location, cookie } = await signInThroughLink(rep.email);
    expect(location).toBe("/dashboard");
    expect((await call("GET", "/v1/admins", { cookie })).status).toBe(200);
  });
});

describe("a sign-in request cannot be timed apart", () => {
  /** The DynamoDB calls `requestLink` makes for an address, as command and key kind (`Get REP`, `QueryCommand MGR`), sorted. */
  async function readsFor(address: string): Promise<string[]> {
    const seen: string[] = [];
    const name = `spy-${Math.random()}`;
    db().middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: { pk?: string }; ExpressionAttributeValues?: Record<string, unknown>; IndexName?: string };
        if (context.commandName === "GetItemCommand") seen.push(`Get ${String(input.Key?.pk).split("#")[0]}`);
        if (context.commandName === "QueryCommand" || context.commandName === "UpdateItemCommand" || context.commandName === "PutItemCommand") seen.push(`${context.commandName} ${String(input.Key?.pk ?? (input as { Item?: { pk?: string } }).Item?.pk ?? input.ExpressionAttributeValues?.[":pk"]).split("#")[0]}`);
        return next(args);
      },
      { step: "initialize", name },
    );
    try {
      await Auth.requestLink({ email: address });
    } finally {
      db().middlewareStack.remove(name);
    }
    return seen.sort();
  }

  it("makes the same DynamoDB calls for an unknown address, a rep, an admin of the setting and an admin of the API", async () => {
    const rep = await aRep();
    const apiAdmin = email("api-admin");
    expect((await call("POST", "/v1/admins", byKey(admin), { email: apiAdmin, name: "Api Admin" })).status).toBe(201);
    const unknown = await readsFor(email("stranger"));
    expect(unknown).toContain("Get ADMIN");
    expect(await readsFor(rep.email)).toEqual(unknown);
    expect(await readsFor(settingAdmin)).toEqual(unknown);
    expect(await readsFor(apiAdmin)).toEqual(unknown);
  });
});

describe("admin routes take a signed-in admin's session", () => {
  it("lets an admin's session write with the page's CSRF value, audited under their email; refuses it without, or from another site", async () => {
    const cookie = await sessionCookie(settingAdmin);
    const csrf = adminCsrf(secretOf(cookie));
    const target = email("new-admin");
    const body = { email: target, name: "New Admin" };

    const noToken = await call("POST", "/v1/admins", { cookie, origin: ORIGIN }, body);
    expect(noToken.status).toBe(403);
    expect((await noToken.json()).error.code).toBe("csrf");
    const otherSite = await call("POST", "/v1/admins", { cookie, origin: "https://evil.example", "x-csrf-token": csrf }, body);
    expect(otherSite.status).toBe(403);
    const wrongToken = await call("POST", "/v1/admins", { cookie, origin: ORIGIN, "x-csrf-token": adminCsrf("someone-else") }, body);
    expect(wrongToken.status).toBe(403);
    expect((await call("GET", "/v1/admins", byKey(admin))).ok).toBe(true);
    expect(((await (await call("GET", "/v1/admins", byKey(admin))).json()).items as { email: string }[]).map((a) => a.email)).not.toContain(target);

    const done = await call("POST", "/v1/admins", { cookie, origin: ORIGIN, "x-csrf-token": csrf }, body);
    expect(done.status).toBe(201);
    const audit = await (await call("GET", `/v1/audit?entityId=${encodeURIComponent(target)}`, byKey(admin))).json();
    expect(audit.items[0].actor).toEqual({ kind: "user", id: settingAdmin });
  });

  it("answers 403 not_admin to a rep's session on an admin route", async () => {
    const rep = await aRep();
    const res = await call("GET", "/v1/admins", { cookie: await sessionCookie(rep.email) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("not_admin");
  });
});
