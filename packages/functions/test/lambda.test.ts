import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { handler } from "../src/api.ts";
import { coldStartFiles, inputsOf, sstBundleOptions } from "../../../scripts/bench/bundle.ts";

/**
 * An API Gateway HTTP API (payload format 2.0) event, as the `$default` route delivers it: without an
 * authorizer there is no `authorizer` or `authentication` field, which hono's type insists on.
 */
function httpApiEvent(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): LambdaEvent {
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: {
      accept: "application/json",
      host: "abc123.execute-api.us-east-1.amazonaws.com",
      "user-agent": "curl/8.5.0",
      "x-amzn-trace-id": "Root=1-67891233-abcdef012345678912345678",
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
      ...options.headers,
    },
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "curl/8.5.0" },
      requestId: "JKJaXmPLvHcESHA=",
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: options.body ?? null,
    isBase64Encoded: false,
  } as unknown as LambdaEvent;
}

const context: LambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: "rapport-test-ApiRouteHandler",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:rapport-test-ApiRouteHandler",
  memoryLimitInMB: "1024",
  awsRequestId: "8f5c2d1e-1b2a-4c3d-9e8f-0a1b2c3d4e5f",
  logGroupName: "/aws/lambda/rapport-test-ApiRouteHandler",
  logStreamName: "2026/01/01/[$LATEST]0123456789abcdef",
  getRemainingTimeInMillis: () => 29_000,
};

describe("the API Lambda behind API Gateway v2", () => {
  it("answers GET /health with JSON and a request id", async () => {
    const result = await handler(httpApiEvent("GET", "/health"), context);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.headers["content-type"]).toMatch(/^application\/json/);
    expect(result.headers["x-request-id"]).toMatch(/.{8,}/);
    expect(JSON.parse(result.body)).toEqual({ ok: true, database: "ok", queue: { stream: "enabled", deadLetters: null } });
  });

  it("answers POST /v1/reps without an API key with a JSON 401", async () => {
    const event = httpApiEvent("POST", "/v1/reps", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Ana Lima", email: "ana@example.com" }),
    });
    const result = await handler(event, context);
    expect(result.statusCode).toBe(401);
    expect(result.headers["content-type"]).toMatch(/^application\/json/);
    expect(result.headers["x-request-id"]).toMatch(/.{8,}/);
    expect(result.headers["www-authenticate"]).toBe('Bearer realm="rapport"');
    expect(JSON.parse(result.body)).toEqual({
      error: { code: "unauthenticated", message: "Send an API key as `Authorization: Bearer <key>`." },
    });
  });
});

describe("sign-in requests through the API Lambda", () => {
  it("counts them by API Gateway's source IP, whatever X-Forwarded-For claims", async () => {
    const { Clock } = await import("@rapport/core/clock/index");
    const { config, configure } = await import("@rapport/core/config");
    const normal = config().signInPerIp;
    configure({ signInPerIp: { limit: 1, windowMs: 15 * 60_000 } });
    try {
      const ask = (email: string, forwardedFor: string) =>
        handler(httpApiEvent("POST", "/auth/login", { headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor }, body: JSON.stringify({ email }) }), context);
      const [first, second] = await Clock.at(new Date("2026-12-02T12:03:20Z"), async () => [await ask("first@example.com", "198.51.100.1"), await ask("second@example.com", "198.51.100.2")]);
      expect(first!.statusCode).toBe(202);
      expect(second!.statusCode).toBe(429);
      expect(second!.headers["retry-after"]).toBe("700");
    } finally {
      configure({ signInPerIp: normal });
    }
  });
});

describe("what the API Lambda loads at a cold start", () => {
  it("loads Hono and the route table; the AWS SDK, Powertools, valibot, each route group, the pages and the OpenAPI document wait for the request that uses them", async () => {
    // Bundled as SST deploys it (code splitting on), kept in memory: a module in a chunk the entry does not
    // import statically loads only when a route's `import()` asks for it.
    const { metafile } = await build({ ...sstBundleOptions(join(import.meta.dirname, "../src/api.ts"), join(tmpdir(), "rapport-cold-start")), write: false });
    const atStart = new Set(coldStartFiles(metafile));
    const startup = inputsOf(metafile, atStart);
    const later = inputsOf(metafile, Object.keys(metafile.outputs).filter((file) => !atStart.has(file)));
    expect(startup.some((input) => input.includes("node_modules/hono/"))).toBe(true);
    expect(startup.some((input) => input.endsWith("packages/functions/src/api/routes.ts"))).toBe(true);
    const lazy = [
      "node_modules/@aws-sdk/",
      "node_modules/@aws-lambda-powertools/",
      "node_modules/sst/",
      "packages/core/src/config.ts",
      "node_modules/luxon/",
      "node_modules/libphonenumber-js/",
      "node_modules/@valibot/to-json-schema/",
      "node_modules/valibot/",
      "packages/functions/src/api/openapi.ts",
      "packages/core/src/db/",
      "packages/core/src/survey/onboarding.ts",
      "packages/functions/src/api/reps.ts",
      "packages/functions/src/api/survey.ts",
      "packages/functions/src/api/bonus.ts",
      "web/src/pages/",
    ];
    for (const module of lazy) {
      expect(startup.filter((input) => input.includes(module)), module).toEqual([]);
      expect(later.some((input) => input.includes(module)), module).toBe(true);
    }
  }, 120_000);
});
