import { describe, expect, it } from "vitest";
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
