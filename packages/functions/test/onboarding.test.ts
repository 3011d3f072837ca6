import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { config, configure } from "@rapport/core/config";
import { Customer } from "@rapport/core/customer/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer } from "../../../test/support/fixtures.ts";
import { inbox, onlyEmail, surveyLink } from "../../../test/support/inbox.ts";
import { tags } from "../../../web/test/html.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
const orgZone = config().timezone;
let admin: string;

beforeAll(async () => {
  admin = await bearer("admin");
});

afterEach(() => {
  configure({ timezone: orgZone });
});

const postJson = (path: string, body: unknown, auth?: string) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) });

const postForm = (path: string, fields: [string, string][]) =>
  app.request(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN }, body: new URLSearchParams(fields).toString() });

async function invite() {
  const rep = await aRep({ name: "Ana Lima" });
  const customer = await aCustomer(rep.id, { name: "Chris Buyer" });
  const res = await postJson("/v1/invitations", { customerId: customer.id, kind: "onboarding" }, admin);
  expect(res.status).toBe(201);
  return { customer, path: surveyLink(await onlyEmail(customer.email)) };
}

/** The page of a second onboarding invitation to the same customer: it starts from what they told us. */
async function nextForm(customerId: string, address: string) {
  expect((await postJson("/v1/invitations", { customerId, kind: "onboarding" }, admin)).status).toBe(201);
  return (await app.request(surveyLink((await inbox(address)).at(-1)!))).text();
}

const base = { timezone: "Europe/Berlin", cadence: "weekly", responseTime: "4h" };
const preferences = async (customerId: string) => ((await Customer.get(customerId)) as unknown as { preferences?: Record<string, unknown> }).preferences;
const selected = (html: string) => tags(html, "option").filter((o) => "selected" in o).map((o) => o.value);

describe("onboarding contact details", () => {
  it("reads a local phone number in the country of the customer's time zone and stores it in E.164", async () => {
    const berlin = await invite();
    expect((await postJson(berlin.path, { ...base, channel: "phone", contact: "030 1234567" })).status).toBe(200);
    expect(await preferences(berlin.customer.id)).toMatchObject({ channel: "phone", contact: "+49301234567", timezone: "Europe/Berlin" });

    const toronto = await invite();
    expect((await postJson(toronto.path, { ...base, timezone: "America/Toronto", channel: "text", contact: "(416) 555-0199" })).status).toBe(200);
    expect(await preferences(toronto.customer.id)).toMatchObject({ channel: "text", contact: "+14165550199" });
  });

  it("asks for the country code when the time zone names no country", async () => {
    const { path } = await invite();
    const res = await postJson(path, { ...base, timezone: "Atlantic/Reykjavik", channel: "phone", contact: "030 1234567" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ contact: "must be a phone number, such as +49 30 1234567" });
    expect((await postJson(path, { ...base, timezone: "Atlantic/Reykjavik", channel: "phone", contact: "+49 30 1234567" })).status).toBe(200);
  });

  it("refuses a text message without a number, and a number that is not one", async () => {
    const { path } = await invite();
    const missing = await postJson(path, { ...base, channel: "text" });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields).toEqual({ contact: "is required: the phone number we should call or text" });
    const wrong = await postJson(path, { ...base, channel: "text", contact: "chris@example.com" });
    expect(wrong.status).toBe(400);
    expect(Object.keys((await wrong.json()).error.fields)).toEqual(["contact"]);
  });

  it("takes a video link or an address for video, and nothing else", async () => {
    const { customer, path } = await invite();
    const notALink = await postJson(path, { ...base, channel: "video", contact: "not a link" });
    expect(notALink.status).toBe(400);
    expect((await notALink.json()).error.fields).toEqual({ contact: "must be a video-call link starting with https://, or an email address" });
    expect((await postJson(path, { ...base, channel: "video", contact: "http://meet.example.com/chris" })).status).toBe(400);
    expect((await postJson(path, { ...base, channel: "video", contact: "https://meet.example.com/chris" })).status).toBe(200);
    expect(await preferences(customer.id)).toMatchObject({ channel: "video", contact: "https://meet.example.com/chris" });
    expect((await postJson(path, { ...base, channel: "video", contact: " Chris@Example.com " })).status).toBe(200);
    expect(await preferences(customer.id)).toMatchObject({ channel: "video", contact: "chris@example.com" });
  });

  it("refuses an email channel with an address that is not one", async () => {
    const { path } = await invite();
    const res = await postJson(path, { ...base, channel: "email", contact: "chris at example" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ contact: "must be an email address, such as name@example.com" });
  });

  it("names the contact even while another answer is wrong too", async () => {
    const { path } = await invite();
    const res = await postJson(path, { ...base, cadence: "hourly", channel: "phone", contact: "12" });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields).sort()).toEqual(["cadence", "contact"]);
  });

  it("shows the form again with the error beside the contact field and what was typed", async () => {
    const { path } = await invite();
    const page = await (await app.request(path)).text();
    const csrf = tags(page, "input").find((a) => a.name === "csrf")!.value!;
    const res = await postForm(path, [["csrf", csrf], ["channel", "text"], ["contact", "call me"], ["timezone", "Europe/Berlin"], ["cadence", "weekly"], ["responseTime", "4h"]]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<a href="#contact">Contact must be a phone number, such as +49 30 1234567</a>');
    expect(tags(html, "input").find((a) => a.id === "contact")).toMatchObject({ value: "call me", "aria-invalid": "true", "aria-describedby": "contact-hint contact-error" });
    expect(html).toMatch(/<p class="error" id="contact-error"><span class="vh">Error: <\/span>Contact must be a phone number, such as \+49 30 1234567<\/p>/);
    expect(tags(html, "input").filter((a) => "checked" in a).map((a) => `${a.name}=${a.value}`)).toContain("channel=text");
    expect(selected(html)).toEqual(["Europe/Berlin"]);
  });
});

describe("the onboarding time zone", () => {
  it("offers a short list grouped by region, the organization's zone selected, with a same-origin script to suggest the browser's", async () => {
    configure({ timezone: "America/Toronto" });
    const { path } = await invite();
    const res = await app.request(path);
    const html = await res.text();
    expect(tags(html, "optgroup").map((g) => g.label)).toEqual(["Americas", "Europe", "Africa", "Asia", "Australia and Pacific", "Other"]);
    expect(selected(html)).toEqual(["America/Toronto"]);
    expect(html).toMatch(/>Berlin — Europe\/Berlin, UTC\+0[12]:00<\/option>/);
    expect(tags(html, "script")).toEqual([{ src: "/s/local-zone.js", defer: "" }]);

    // The policy stays strict: no inline script is allowed, only files from this origin.
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const script = await app.request("/s/local-zone.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain("Intl.DateTimeFormat().resolvedOptions().timeZone");
  });

  it("keeps a zone the customer saved, even one not on the list, and leaves it to no script", async () => {
    const { customer, path } = await invite();
    expect((await postJson(path, { ...base, timezone: "Atlantic/Reykjavik", channel: "email" })).status).toBe(200);
    const html = await nextForm(customer.id, customer.email);
    expect(selected(html)).toEqual(["Atlantic/Reykjavik"]);
    expect(html).toContain(">Reykjavik — Atlantic/Reykjavik, UTC+00:00</option>");
    expect(tags(html, "script")).toEqual([]);
  });
});
