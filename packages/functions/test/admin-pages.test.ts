import { describe, expect, it } from "vitest";
import { Plan } from "@rapport/core/plan/index";
import { createApp } from "../src/api/app.ts";
import { expectWellFormedPage, tags, textOf } from "../../../web/test/html.ts";

const app = createApp();

describe("the campaigns admin page", () => {
  it("is a static page for anyone (no personal data, no key in it) whose one script comes from this origin", async () => {
    const res = await app.request("/admin/campaigns");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expectWellFormedPage(html, { scripts: ["/admin/campaigns.js"] });
    expect(textOf(html)).toContain("Start a report-card campaign");
    // The start form's fields are the POST body's, one to one.
    expect(tags(html, "input").map((a) => a.name)).toEqual(["apiKey", "repId", "segment"]);
    expect(tags(html, "select").map((a) => a.name)).toEqual(["valueTier"]);
    expect(tags(html, "input").find((a) => a.name === "apiKey")).toMatchObject({ type: "password", autocomplete: "off" });
    expect(tags(html, "progress")).toEqual([{ id: "progress-bar", max: "1", value: "0" }]);
    expect(tags(html, "p").find((a) => a.id === "progress-text")).toMatchObject({ "aria-live": "polite" });

    // The policy stays strict: no inline script is allowed, only files from this origin.
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it("serves the script as JavaScript, keeping the key in sessionStorage and sending it only as a bearer header", async () => {
    const res = await app.request("/admin/campaigns.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const script = await res.text();
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain("sessionStorage.setItem");
    expect(script).not.toMatch(/localStorage|document\.cookie|innerHTML/);
    expect(script).toContain('authorization: "Bearer "');
  });

  it("sends /admin to the campaigns page", async () => {
    const res = await app.request("/admin");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/campaigns");
  });
});

describe("the plan admin page", () => {
  it("is a static page whose one script comes from this origin, linked with the campaigns page both ways", async () => {
    const res = await app.request("/admin/plan");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expectWellFormedPage(html, { scripts: ["/admin/plan.js"] });
    expect(textOf(html)).toContain("Edit the plan");
    expect(tags(html, "input").find((a) => a.name === "apiKey")).toMatchObject({ type: "password", autocomplete: "off" });
    // The plan-wide settings' inputs are named by their field in POST /v1/plans, so the API's field errors find them.
    expect(tags(html, "input").map((a) => a.id)).toEqual(["api-key", "startDate", "minResponses", "k", "minResponseRate", "fallbackFactor", "capFactor", "lostDealCards-coaching", "lostDealCards-counted"]);
    // How lost-deal cards count: a radio pair named as the plan's field, coaching chosen until the plan says otherwise.
    expect(tags(html, "input").filter((a) => a.name === "lostDealCards")).toEqual([
      { type: "radio", name: "lostDealCards", id: "lostDealCards-coaching", value: "coaching", checked: "" },
      { type: "radio", name: "lostDealCards", id: "lostDealCards-counted", value: "counted" },
    ]);
    expect(tags(html, "p").find((a) => a.id === "caps-sum")).toMatchObject({ "aria-live": "polite" });
    expect(tags(html, "a").filter((a) => a.href?.startsWith("/admin/"))).toEqual([
      { href: "/admin/campaigns" },
      { href: "/admin/plan", "aria-current": "page" },
    ]);
    const campaigns = await (await app.request("/admin/campaigns")).text();
    expect(tags(campaigns, "a").filter((a) => a.href?.startsWith("/admin/"))).toEqual([
      { href: "/admin/campaigns", "aria-current": "page" },
      { href: "/admin/plan" },
    ]);
  });

  it("carries the seeds' plan as the server defines it, for the page's button to fill in", async () => {
    const html = await (await app.request("/admin/plan")).text();
    const button = tags(html, "button").find((a) => a.id === "seeds-button")!;
    const { startDate: _, ...seeds } = Plan.seedsPlan("2026-10-01");
    expect(JSON.parse(button["data-plan"]!)).toEqual(seeds);
    // Three components: relationship 20% rising 5 points a year to 40%, secret gathering 25%, customer first 20%.
    expect(seeds.components!.map((c) => [c.id, c.weightBase, c.weightStep, c.weightCap])).toEqual([
      ["relationship", 0.2, 0.05, 0.4],
      ["secret_gathering", 0.25, 0, 0.25],
      ["customer_first", 0.2, 0, 0.2],
    ]);
  });

  it("serves the script as JavaScript, keeping the key where the campaigns page keeps it and writing no HTML", async () => {
    const res = await app.request("/admin/plan.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const script = await res.text();
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain('sessionStorage.setItem(STORE, key)');
    expect(script).toContain('var STORE = "rapport.adminApiKey"');
    expect(script).not.toMatch(/localStorage|document\.cookie|innerHTML/);
    expect(script).toContain('authorization: "Bearer "');
  });
});
