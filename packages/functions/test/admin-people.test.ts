import { beforeAll, describe, expect, it } from "vitest";
import { Admin } from "@rapport/core/admin/index";
import { Audit } from "@rapport/core/audit/index";
import { Customer } from "@rapport/core/customer/index";
import { Rep } from "@rapport/core/rep/index";
import { patch as patchRep } from "@rapport/core/rep/update";
import { patch as patchCustomer } from "@rapport/core/customer/update";
import { Team } from "@rapport/core/team/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, email, sessionCookie } from "../../../test/support/fixtures.ts";
import { expectWellFormedPage, tags, textOf } from "../../../web/test/html.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
const cli = { kind: "cli", id: "test" } as const;
let cookie: string;
let adminEmail: string;

beforeAll(async () => {
  adminEmail = email("people-admin");
  await Admin.add({ email: adminEmail, name: "Pat People" }, cli);
  cookie = await sessionCookie(adminEmail);
});

const get = (path: string, headers: Record<string, string> = { cookie }) => app.request(`${ORIGIN}${path}`, { headers });

/** The hidden field `name` of the form posting to `action` on a page. */
function hiddenIn(html: string, action: string, name = "csrf"): string {
  const form = html.slice(html.indexOf(`action="${action}"`));
  return form.match(new RegExp(`name="${name}" value="([^"]*)"`))![1]!;
}

/** Posts a console form as a browser does: from this site, with the page's csrf value (unless `csrf` is given). */
async function postForm(page: string, action: string, fields: [string, string][], csrf?: string) {
  const token = csrf ?? hiddenIn(await (await get(page)).text(), action);
  return app.request(`${ORIGIN}${action}`, {
    method: "POST",
    headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([...fields, ["csrf", token]]).toString(),
  });
}

/** Uploads a CSV file to the import form, as a browser does. */
async function upload(name: string, text: string) {
  const body = new FormData();
  body.set("csrf", hiddenIn(await (await get("/admin/import")).text(), "/admin/import"));
  body.set("file", new File([text], name, { type: "text/csv" }));
  return app.request(`${ORIGIN}/admin/import`, { method: "POST", headers: { cookie, origin: ORIGIN }, body });
}

const input = (html: string, id: string) => tags(html, "input").find((a) => a.id === id);
const actionsBy = async (entityId: string) => (await Audit.forEntity(entityId)).items.map((e) => [e.action, e.actor.id]);

describe("the teams pages", () => {
  it("refuses a create without the page's csrf value, says a bad field beside it, creates, and edits the Slack URL without ever showing it", async () => {
    expect((await postForm("/admin/teams", "/admin/teams", [["name", "West"], ["managerEmail", email("boss")]], "forged")).status).toBe(403);
    const bad = await postForm("/admin/teams", "/admin/teams", [["name", ""], ["managerEmail", "not-an-email"]]);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(input(badHtml, "managerEmail")).toMatchObject({ "aria-invalid": "true", value: "not-an-email" });
    expect(textOf(badHtml)).toContain("Manager's email must be an email address.");

    const manager = email("boss");
    const created = await postForm("/admin/teams", "/admin/teams", [["name", "West"], ["managerEmail", manager]]);
    expect(created.status).toBe(303);
    const page = created.headers.get("location")!.replace(/\?.*/, "");
    expect(page).toMatch(/^\/admin\/teams\/team_[0-9A-Z]{26}$/);
    const id = page.split("/").pop()!;
    const html = await (await get(page)).text();
    expectWellFormedPage(html);
    expect(hiddenIn(html, page, "version")).toBe("1");

    const slack = "https://93.184.215.14/services/T000/B000/SECRETPART";
    const refusedUrl = await postForm(page, page, [["version", "1"], ["name", "West"], ["managerEmail", manager], ["slackWebhookUrl", "ftp://example.com/x"]]);
    expect(refusedUrl.status).toBe(400);
    expect(input(await refusedUrl.text(), "slackWebhookUrl")).toMatchObject({ "aria-invalid": "true" });
    const saved = await postForm(page, page, [["version", "1"], ["name", "West"], ["managerEmail", manager], ["slackWebhookUrl", slack]]);
    expect(saved.status).toBe(303);
    const after = await (await get(page)).text();
    expect(after).not.toContain("SECRETPART");
    expect(textOf(after)).toContain("configured (93.184.215.14)");
    expect((await Team.mustGet(id)).slackWebhookUrl).toBe(slack);
    expect(textOf(await (await get("/admin/teams")).text())).toContain("configured (93.184.215.14)");
    expect(await actionsBy(id)).toEqual(expect.arrayContaining([["team.create", adminEmail], ["team.update", adminEmail]]));
  });

  it("refuses an edit made from a page read before someone else's change, keeping their change, and deactivates", async () => {
    const team = await Team.create({ name: "North", managerEmail: email("boss") }, cli);
    const page = `/admin/teams/${team.id}`;
    const opened = await (await get(page)).text();
    await Team.update(team.id, { name: "North-East" }, cli);
    const stale = await postForm(page, page, [["version", hiddenIn(opened, page, "version")], ["name", "Nord"], ["managerEmail", team.managerEmail]]);
    expect(stale.status).toBe(412);
    const html = await stale.text();
    expect(textOf(html)).toContain("This team changed since you opened it, so nothing was saved.");
    expect(input(html, "name")).toMatchObject({ value: "North-East" });
    expect((await Team.mustGet(team.id)).name).toBe("North-East");

    expect((await postForm(page, `${page}/active`, [["active", "false"]])).status).toBe(303);
    expect((await Team.mustGet(team.id)).active).toBe(false);
    expect(textOf(await (await get(page)).text())).toContain("Reactivate this team");
  });
});

describe("the reps pages", () => {
  it("adds a rep to a team, finds them by team and email prefix, pages with Next, refuses a stale edit, and deactivates and reactivates", async () => {
    const manager = email("lead");
    const team = await Team.create({ name: `Squad ${Date.now().toString(36)}`, managerEmail: manager }, cli);
    const address = email("zed");
    const refused = await postForm("/admin/reps", "/admin/reps", [["name", "Zed"], ["email", address], ["teamId", team.id], ["timezone", "Mars/Olympus"]]);
    expect(refused.status).toBe(400);
    expect(input(await refused.text(), "timezone")).toMatchObject({ "aria-invalid": "true", value: "Mars/Olympus" });
    const created = await postForm("/admin/reps", "/admin/reps", [["name", "Zed Zimmer"], ["email", address], ["teamId", team.id], ["timezone", "Europe/Berlin"]]);
    expect(created.status).toBe(303);
    const page = created.headers.get("location")!.replace(/\?.*/, "");
    const rep = (await Rep.fromEmail(address))!;
    expect(page).toBe(`/admin/reps/${rep.id}`);
    expect(rep).toMatchObject({ teamId: team.id, team: team.name, managerEmail: manager, timezone: "Europe/Berlin" });

    const found = await (await get(`/admin/reps?teamId=${team.id}&q=${encodeURIComponent(address.slice(0, 8).toUpperCase())}`)).text();
    expect(tags(found, "a").filter((a) => a.href?.startsWith("/admin/reps/rep_")).map((a) => a.href)).toEqual([page]);

    // 26 reps under one prefix: a page holds 25, "Next page" leads to the 26th.
    const prefix = `pager${Date.now().toString(36)}`;
    await Promise.all(Array.from({ length: 26 }, (_, i) => Rep.create({ name: `${prefix} ${String(i).padStart(2, "0")}`, email: email(prefix) }, cli)));
    const first = await (await get(`/admin/reps?q=${prefix}`)).text();
    const listed = (html: string) => tags(html, "a").filter((a) => a.href?.startsWith("/admin/reps/rep_")).length;
    expect(listed(first)).toBe(25);
    const next = tags(first, "a").find((a) => a.href?.includes("cursor="))!.href!.replaceAll("&amp;", "&");
    const second = await (await get(next)).text();
    expect(listed(second)).toBe(1);
    expect(tags(second, "a").some((a) => a.href === `/admin/reps?q=${prefix}`)).toBe(true);

    const opened = await (await get(page)).text();
    expect(tags(opened, "a").map((a) => a.href)).toContain(`/admin/customers?repId=${rep.id}`);
    expect(tags(await (await get(`/admin/teams/${team.id}`)).text(), "a").map((a) => a.href)).toContain(`/admin/reps?teamId=${team.id}`);
    await patchRep(rep.id, { name: "Zed Z." }, cli);
    const stale = await postForm(page, page, [["version", hiddenIn(opened, page, "version")], ["name", "Zed Overwritten"], ["email", address], ["teamId", team.id], ["timezone", "Europe/Berlin"]]);
    expect(stale.status).toBe(412);
    expect(textOf(await stale.text())).toContain("This rep changed since you opened it, so nothing was saved.");
    expect((await Rep.mustGet(rep.id)).name).toBe("Zed Z.");
    const fresh = await (await get(page)).text();
    const saved = await postForm(page, page, [["version", hiddenIn(fresh, page, "version")], ["name", "Zed Zimmer"], ["email", address], ["teamId", ""], ["timezone", ""]]);
    expect(saved.status).toBe(303);
    const edited = await Rep.mustGet(rep.id);
    expect(edited.name).toBe("Zed Zimmer");
    expect(edited.teamId).toBeUndefined();
    expect(edited.timezone).toBeUndefined();

    expect((await postForm(page, `${page}/active`, [["active", "false"]])).status).toBe(303);
    expect((await Rep.mustGet(rep.id)).active).toBe(false);
    expect(tags(await (await get(`/admin/reps?status=inactive&q=${encodeURIComponent(address)}`)).text(), "a").some((a) => a.href === page)).toBe(true);
    expect((await postForm(page, `${page}/active`, [["active", "true"]])).status).toBe(303);
    expect((await Rep.mustGet(rep.id)).active).toBe(true);
    expect(await actionsBy(rep.id)).toEqual(expect.arrayContaining([["rep.create", adminEmail], ["rep.update", adminEmail], ["rep.deactivate", adminEmail], ["rep.reactivate", adminEmail]]));
  });
});

describe("the customers pages", () => {
  it("searches by email prefix and rep, edits with the version read, refuses a stale edit, deactivates, and erases after a confirmation", async () => {
    const rep = await aRep();
    const other = await aRep();
    const customer = await aCustomer(rep.id, { company: "Acme", valueTier: "B" });
    const found = await (await get(`/admin/customers?repId=${rep.id}&q=${encodeURIComponent(customer.email.slice(0, 10))}`)).text();
    expectWellFormedPage(found);
    const page = `/admin/customers/${customer.id}`;
    expect(tags(found, "a").filter((a) => a.href?.startsWith("/admin/customers/cus_")).map((a) => a.href)).toEqual([page]);
    expect((await get("/admin/customers?tier=Z")).status).toBe(400);

    const opened = await (await get(page)).text();
    expect(tags(opened, "a").some((a) => a.href === `/v1/customers/${customer.id}/export`)).toBe(true);
    const version = hiddenIn(opened, page, "version");
    const fields = (name: string): [string, string][] => [["version", version], ["name", name], ["email", customer.email], ["company", ""], ["repId", other.id], ["segment", "smb"], ["valueTier", "A"], ["language", "fr-CA"]];
    const saved = await postForm(page, page, fields("Dana Doe"));
    expect(saved.status).toBe(303);
    expect(await Customer.mustGet(customer.id)).toMatchObject({ name: "Dana Doe", repId: other.id, segment: "smb", valueTier: "A", language: "fr-CA" });
    expect((await Customer.mustGet(customer.id)).company).toBeUndefined();
    // The same form again, read before that save: refused, nothing overwritten.
    await patchCustomer(customer.id, { segment: "enterprise" }, cli);
    const stale = await postForm(page, page, fields("Dana Stale"));
    expect(stale.status).toBe(412);
    expect(textOf(await stale.text())).toContain("This customer changed since you opened it, so nothing was saved.");
    expect(await Customer.mustGet(customer.id)).toMatchObject({ name: "Dana Doe", segment: "enterprise" });

    expect((await postForm(page, `${page}/active`, [["active", "false"]])).status).toBe(303);
    expect((await Customer.mustGet(customer.id)).active).toBe(false);

    const confirm = await (await get(`${page}/erase`)).text();
    expectWellFormedPage(confirm);
    expect(textOf(confirm)).toContain("closed periods' snapshots, unchanged");
    expect((await postForm(`${page}/erase`, `${page}/erase`, [], "forged")).status).toBe(403);
    expect((await Customer.mustGet(customer.id)).erasedAt).toBeUndefined();
    const erased = await postForm(`${page}/erase`, `${page}/erase`, []);
    expect(erased.status).toBe(303);
    const after = await (await get(page)).text();
    expect(textOf(after)).not.toContain("Dana Doe");
    expect(textOf(after)).toContain("was erased on request");
    expect(await actionsBy(customer.id)).toEqual(expect.arrayContaining([["customer.update", adminEmail], ["customer.deactivate", adminEmail]]));
  });
});

describe("the import pages", () => {
  it("refuses an upload without the csrf value, reports every bad row with its line and column, refuses a file over 2 MB, and records a good file as a job", async () => {
    const rep = await aRep();
    const tag = Date.now().toString(36);
    const rows = Array.from({ length: 5 }, (_, i) => `Cust ${i},c${i}.${tag}@customers.example,${rep.email},${i === 3 ? "Z" : "A"}`);
    const text = ["name,email,rep_email,value_tier", ...rows].join("\n");
    const forged = new FormData();
    forged.set("csrf", "forged");
    forged.set("file", new File([text], "people.csv"));
    expect((await app.request(`${ORIGIN}/admin/import`, { method: "POST", headers: { cookie, origin: ORIGIN }, body: forged })).status).toBe(403);

    const bad = await upload("people.csv", `${text}\nNo Rep,x.${tag}@customers.example,nobody.${tag}@example.com,A`);
    expect(bad.status).toBe(400);
    const report = await bad.text();
    expectWellFormedPage(report);
    const cells = [...report.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]]);
    // Row 3 of the data is line 5; the extra row is line 7.
    expect(cells).toEqual([
      ["5", "value_tier", "must be A, B or C"],
      ["7", "rep_email", "no rep has this email, in this import or in the database"],
    ]);
    expect(textOf(report)).toContain("Nothing was imported");
    expect(await Customer.fromEmail(`c0.${tag}@customers.example`)).toBeUndefined();

    // Over the 64 KB other forms may post (1,500 rows, about 100 KB): read, and its one bad row reported.
    const long = Array.from({ length: 1500 }, (_, i) => `Long ${i},l${i}.${tag}@customers.example,${rep.email},A`);
    const big = await upload("big.csv", ["name,email,rep_email,value_tier", ...long, `Bad,bad.${tag}@customers.example,${rep.email},Q`].join("\n"));
    expect(big.status).toBe(400);
    expect([...(await big.text()).matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => m[1])).toEqual(["1502"]);
    const huge = await upload("huge.csv", `name,email,rep_email\n${"x".repeat(2 * 1024 * 1024 + 20_000)}`);
    expect(huge.status).toBe(413);

    const good = await upload("people.csv", text.replace(",Z", ",B"));
    expect(good.status).toBe(303);
    const job = good.headers.get("location")!;
    expect(job).toMatch(/^\/admin\/import\/imp_[0-9A-Z]{26}$/);
    const html = await (await get(job)).text();
    expectWellFormedPage(html, { scripts: ["/admin/import.js"] });
    expect(tags(html, "progress")).toEqual([{ id: "progress-bar", max: "5", value: "0" }]);
    const progress = await (await get(`${job}/progress`)).json();
    expect(progress).toMatchObject({ rows: 5, processed: 0, status: "queued", kind: "customers" });
    expect(progress).not.toHaveProperty("actor");
    expect((await postForm(job, `${job}/requeue`, [], "forged")).status).toBe(403);
    const requeued = await postForm(job, `${job}/requeue`, []);
    expect(requeued.headers.get("location")).toBe(`${job}?requeued=1`);
    expect(textOf(await (await get(`${job}?requeued=1`)).text())).toContain("The rows not yet written are with the worker again.");
    expect(await actionsBy(job.split("/").pop()!)).toEqual(expect.arrayContaining([["import.start", adminEmail], ["import.requeue", adminEmail]]));
    const script = await (await get("/admin/import.js", {})).text();
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toMatch(/innerHTML|localStorage|authorization/);
  });
});
