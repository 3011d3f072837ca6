import { describe, expect, it } from "vitest";
import { createApp, everyRoute } from "../src/api/app.ts";

const app = createApp();

describe("the app skeleton", () => {
  it("answers /health once the database answers", async () => {
    const res = await app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, database: "ok" });
  });

  it("gives every answer a request id and secure headers", async () => {
    const res = await app.request("/health");
    expect(res.headers.get("x-request-id")).toMatch(/.{8,}/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("answers an unknown route with a JSON 404", async () => {
    const res = await app.request("/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Nothing is at GET /v1/nothing-here." } });
  });

  it("serves an OpenAPI document of every JSON route", async () => {
    const spec = await (await app.request("/openapi.json")).json();
    expect(spec.openapi).toBe("3.1.0");
    const documented = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods as object).map((m) => `${m.toUpperCase()} ${path}`));
    const served = (await everyRoute()).routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/v1"))
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`);
    expect(new Set(served).size).toBeGreaterThan(0);
    for (const route of served) expect(documented).toContain(route);
    const createRep = spec.paths["/v1/reps"].post;
    expect(createRep.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/RepInput" });
    expect(spec.components.schemas.RepInput.required).toEqual(["name", "email"]);
    expect(createRep.security).toEqual([{ apiKey: ["admin"] }]);
  });

  it("renders a reference page at /docs", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<!doctype html>");
    expect(html).toContain("/v1/reps");
    expect(html).toContain("Create a rep");
  });

  it("answers from a lazily loaded route group with one request id, the caller's when it sent one, and the secure headers", async () => {
    const own = await app.request("/v1/reps", { headers: { "X-Request-Id": "trace-0123456789" } });
    expect(own.status).toBe(401);
    expect(own.headers.get("x-request-id")).toBe("trace-0123456789");
    const generated = await app.request("/v1/customers");
    expect(generated.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
    expect(generated.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await generated.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("answers a path under a group that no route of the group serves with the JSON 404", async () => {
    const res = await app.request("/v1/reps/r1/nothing/here");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Nothing is at GET /v1/reps/r1/nothing/here." } });
  });

  it("refuses a body over 64 KB with 413 before reading it: JSON for API callers, the customer's page for a form post", async () => {
    const padded = (bytes: number) => JSON.stringify({ name: "x".repeat(bytes - 11) });
    expect(padded(64 * 1024)).toHaveLength(64 * 1024);
    const atLimit = await app.request("/v1/reps", { method: "POST", headers: { "content-type": "application/json" }, body: padded(64 * 1024) });
    expect(atLimit.status).toBe(401); // read as far as the key check: the size was fine
    const over = await app.request("/v1/reps", { method: "POST", headers: { "content-type": "application/json" }, body: padded(64 * 1024 + 1) });
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: { code: "body_too_large", message: "The request body is over 64 KB, the most any route reads." } });

    // Without a Content-Length (a streamed body) the limit applies as the bytes arrive.
    const streamed = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 17; i++) controller.enqueue(new TextEncoder().encode("a".repeat(4096)));
        controller.close();
      },
    });
    const chunked = await app.request("/v1/reps", { method: "POST", headers: { "content-type": "application/json" }, body: streamed, duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);

    const form = await app.request("/s/some-token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: `comment=${"y".repeat(70_000)}`,
    });
    expect(form.status).toBe(413);
    expect(form.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await form.text()).toContain("That was more than this form takes");

    // A form post to the API is still an API call: the documented JSON error, not a page.
    const formToApi = await app.request("/v1/campaigns/cmp_01JH5Z00000000000000000000/cancel", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `comment=${"y".repeat(70_000)}`,
    });
    expect(formToApi.status).toBe(413);
    expect(await formToApi.json()).toEqual({ error: { code: "body_too_large", message: "The request body is over 64 KB, the most any route reads." } });
  });
});
