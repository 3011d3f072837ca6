import { beforeAll, describe, expect, it } from "vitest";
import { Admin } from "@rapport/core/admin/index";
import { Plan } from "@rapport/core/plan/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";
import { expectWellFormedPage, tags, textOf } from "../../../web/test/html.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
let cookie: string;
let adminEmail: string;
let adminKey: string;

beforeAll(async () => {
  adminEmail = email("console");
  await Admin.add({ email: adminEmail, name: "Connie Sole" }, { kind: "cli", id: "test" });
  cookie = await sessionCookie(adminEmail);
  adminKey = await bearer("admin");
});

const get = (path: string, headers: Record<string, string> = { cookie }) => app.request(`${ORIGIN}${path}`, { headers });

/** The hidden csrf value of the form posting to `action` on a page. */
function csrfIn(html: string, action: string): string {
  const form = html.slice(html.indexOf(`action="${action}"`));
  return form.match(/name="csrf" value="([^"]+)"/)![1]!;
}

/** Posts a console form as the browser does: from this site, with the page's csrf value (unless `csrf` is given). */
async function postForm(page: string, action: string, fields: [string, string][], csrf?: string) {
  const token = csrf ?? csrfIn(await (await get(page)).text(), action);
  return app.request(`${ORIGIN}${action}`, {
    method: "POST",
    headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([...fields, ["csrf", token]]).toString(),
  });
}

describe("the admin console's door", () => {
  it("sends a visitor without a session to sign in, shows a rep a 403 page, and opens the home with its navigation to an admin", async () => {
    const none = await get("/admin", {});
    expect(none.status).toBe(303);
    expect(none.headers.get("location")).toBe("/auth/login");
    const rep = await aRep();
    const refused = await get("/admin/api-keys", { cookie: await sessionCookie(rep.email) });
    expect(refused.status).toBe(403);
    expect(textOf(await refused.text())).toContain("This page is for admins");

    const home = await get("/admin");
    expect(home.status).toBe(200);
    expect(home.headers.get("cache-control")).toBe("no-store");
    const html = await home.text();
    expectWellFormedPage(html);
    expect(textOf(html)).toContain("Connie Sole");
    expect(tags(html, "a").filter((a) => a.href?.startsWith("/admin"))).toContainEqual({ href: "/admin", "aria-current": "page" });
    expect(tags(html, "nav a").length + tags(html, "a").filter((a) => a.href?.startsWith("/admin/")).length).toBeGreaterThan(0);
    for (const href of ["/admin/campaigns", "/admin/plan", "/admin/periods", "/admin/audit", "/admin/api-keys"]) expect((await get(href)).status).toBe(200);
  });
});

describe("the campaigns pages", () => {
  it("refuses a start without the page's csrf value, shows a refused field beside its input, and starts, follows and cancels a campaign without JavaScript", async () => {
    const rep = await aRep();
    await aCustomer(rep.id);
    expect((await postForm("/admin/campaigns", "/admin/campaigns", [["repId", rep.id]], "forged")).status).toBe(403);

    const bad = await postForm("/admin/campaigns", "/admin/campaigns", [["repId", "rep_nobody"], ["segment", ""], ["valueTier", ""]]);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(tags(badHtml, "input").find((a) => a.id === "repId")).toMatchObject({ "aria-invalid": "true", value: "rep_nobody" });
    expect(textOf(badHtml)).toContain("Rep id must be an id starting with rep_.");

    const started = await postForm("/admin/campaigns", "/admin/campaigns", [["repId", rep.id], ["segment", ""], ["valueTier", ""]]);
    expect(started.status).toBe(303);
    const page = started.headers.get("location")!;
    expect(page).toMatch(/^\/admin\/campaigns\/cmp_[0-9A-Z]{26}$/);
    const html = await (await get(page)).text();
    expectWellFormedPage(html, { scripts: ["/admin/campaign.js"] });
    expect(tags(html, "progress")).toEqual([{ id: "progress-bar", max: "1", value: "0" }]);
    expect(textOf(html)).toContain("Queued: waiting for the campaign worker");
    expect(textOf(await (await get("/admin/campaigns")).text())).toContain(`the customers of rep ${rep.id}`);

    const cancelled = await postForm(page, `${page}/cancel`, []);
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get("location")).toBe(`${page}?cancelled=1`);
    const after = await (await get(`${page}?cancelled=1`)).text();
    expect(textOf(after)).toContain("Cancelled: nothing not yet sent will go out.");
    expect(tags(after, "script")).toEqual([]);
    const audit = await (await app.request(`/v1/audit?entityId=${page.split("/").pop()}`, { headers: { authorization: adminKey } })).json();
    expect(audit.items.map((e: { action: string; actor: unknown }) => [e.action, e.actor])).toContainEqual(["campaign.cancel", { kind: "user", id: adminEmail }]);
  });

  it("serves the progress script from this origin, reading the API with the session and writing no HTML", async () => {
    const res = await get("/admin/campaign.js", {});
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const script = await res.text();
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain('credentials: "same-origin"');
    expect(script).not.toMatch(/localStorage|sessionStorage|innerHTML|authorization/);
  });
});

describe("the API keys page", () => {
  it("creates a key with the ticked scopes and shows its secret once, lists it, and revokes it", async () => {
    const html = await (await get("/admin/api-keys")).text();
    expect(tags(html, "input").filter((a) => a.name === "scopes").map((a) => a.value)).toEqual(["admin", "finance", "events:write", "reps:read", "customers:read", "customers:write", "follow-ups:write", "bonus:read"]);

    const none = await postForm("/admin/api-keys", "/admin/api-keys", [["name", "Help desk"]]);
    expect(none.status).toBe(400);
    expect(textOf(await none.text())).toContain("Scopes must include at least one: tick the scopes the key needs.");

    const created = await postForm("/admin/api-keys", "/admin/api-keys", [["name", "Help desk"], ["scopes", "admin"], ["scopes", "follow-ups:write"]]);
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const secret = (await created.text()).match(/rk_[A-Za-z0-9_-]{40,}/)![0];
    const listed = await (await get("/admin/api-keys")).text();
    expect(listed).not.toContain(secret);
    expect(textOf(listed)).toContain("admin, follow-ups:write");
    expect((await get("/v1/reps", { authorization: `Bearer ${secret}` })).status).toBe(200);

    const id = listed.match(/action="\/admin\/api-keys\/(key_[0-9A-Z]{26})\/revoke"/g)!.map((a) => a.match(/key_[0-9A-Z]{26}/)![0]);
    const keys = (await (await get("/v1/api-keys", { authorization: adminKey })).json()).items as { id: string; name: string; revokedAt: string | null }[];
    const mine = keys.find((k) => k.name === "Help desk" && id.includes(k.id))!;
    const revoked = await postForm("/admin/api-keys", `/admin/api-keys/${mine.id}/revoke`, []);
    expect(revoked.status).toBe(303);
    expect((await get("/v1/reps", { authorization: `Bearer ${secret}` })).status).toBe(401);
  });
});

describe("the audit log page", () => {
  it("filters by who, action and days, says a bad date beside its field, and pages with a cursor", async () => {
    for (const name of ["one", "two", "three"]) expect((await postForm("/admin/api-keys", "/admin/api-keys", [["name", `Audit ${name}`], ["scopes", "reps:read"]])).status).toBe(201);
    const html = await (await get(`/admin/audit?actor=${encodeURIComponent(adminEmail)}&action=api-key.create`)).text();
    expect(textOf(html).match(/api-key\.create/g)!.length).toBeGreaterThanOrEqual(3);
    expect(textOf(html)).not.toContain("campaign.cancel");

    const bad = await get("/admin/audit?from=2026-13-01");
    expect(bad.status).toBe(400);
    expect(tags(await bad.text(), "input").find((a) => a.id === "from")).toMatchObject({ "aria-invalid": "true", value: "2026-13-01" });

    const first = await (await get(`/v1/audit?actor=${encodeURIComponent(adminEmail)}&action=api-key.create&limit=2`, { authorization: adminKey })).json();
    expect(first.items).toHaveLength(2);
    const second = await (await get(`/v1/audit?actor=${encodeURIComponent(adminEmail)}&action=api-key.create&limit=2&cursor=${first.cursor}`, { authorization: adminKey })).json();
    expect(second.items.length).toBeGreaterThanOrEqual(1);
    expect(second.items.map((e: { id: string }) => e.id)).not.toContain(first.items[0].id);
    expect([...first.items, ...second.items].every((e: { actor: { id: string }; action: string }) => e.actor.id === adminEmail && e.action === "api-key.create")).toBe(true);
  });
});

describe("the periods page", () => {
  it("closes an ended quarter, refuses a too-short reopening reason beside its field, and reopens it", async () => {
    const html = await (await get("/admin/periods")).text();
    const past = html.match(/action="\/admin\/periods\/(\d{4}-Q[1-4])\/close"/g)!.map((a) => a.match(/\d{4}-Q[1-4]/)![0]).at(-1)!;
    const closed = await postForm("/admin/periods", `/admin/periods/${past}/close`, []);
    expect(closed.status).toBe(303);
    expect(textOf(await (await get(`/admin/periods?closed=${past}`)).text())).toContain(`${past} is closed`);
    const short = await postForm("/admin/periods", `/admin/periods/${past}/reopen`, [["reason", "oops"]]);
    expect(short.status).toBe(400);
    expect(tags(await short.text(), "input").find((a) => a.id === `reason-${past}`)).toMatchObject({ "aria-invalid": "true", value: "oops" });
    expect((await postForm("/admin/periods", `/admin/periods/${past}/reopen`, [["reason", "A voided card was counted"]])).status).toBe(303);
  });
});

describe("the plan page", () => {
  it("is the signed-in admin's, asks for no key, and carries the seeds' plan and the session's CSRF value for its script", async () => {
    const html = await (await get("/admin/plan")).text();
    expectWellFormedPage(html, { scripts: ["/admin/plan.js"] });
    expect(tags(html, "input").find((a) => a.type === "password")).toBeUndefined();
    expect(tags(html, "section").find((a) => a.id === "plan-section")!["data-csrf"]).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const { startDate: _, ...seeds } = Plan.seedsPlan("2026-10-01");
    expect(JSON.parse(tags(html, "button").find((a) => a.id === "seeds-button")!["data-plan"]!)).toEqual(seeds);
    const script = await (await get("/admin/plan.js", {})).text();
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toMatch(/sessionStorage|localStorage|document\.cookie|innerHTML|authorization/);
    expect(script).toContain('"x-csrf-token"');
  });
});
