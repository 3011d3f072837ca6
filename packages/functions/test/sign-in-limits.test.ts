import { afterEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { Clock } from "@rapport/core/clock/index";
import { config, configure } from "@rapport/core/config";
import { dynamo, tableName } from "@rapport/core/db/index";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { Email } from "@rapport/core/email/index";
import { Admin } from "@rapport/core/admin/index";
import { createApp } from "../src/api/app.ts";
import { aRep, email } from "../../../test/support/fixtures.ts";
import { inbox } from "../../../test/support/inbox.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
const MINUTE = 60_000;

/** The env @hono/node-server hands the app: the socket the request came in on. */
const fromSocket = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
/** The env hono/aws-lambda hands the app: API Gateway's event, with the caller's source IP. */
const fromGateway = (ip: string) => ({ event: { requestContext: { http: { sourceIp: ip } } } });

const postJson = (address: string, env?: object) =>
  app.request(`${ORIGIN}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: address }) }, env);

async function postForm(address: string, env?: object) {
  const page = await app.request(`${ORIGIN}/auth/login`, {}, env);
  const csrf = (await page.text()).match(/name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/)!;
  return app.request(
    `${ORIGIN}/auth/login`,
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN }, body: new URLSearchParams({ csrf: (csrf[1] ?? csrf[2])!, email: address }).toString() },
    env,
  );
}

/** Every header of an answer but its request id, which differs on every request by design. */
const headersOf = (res: Response) => [...res.headers.entries()].filter(([name]) => name !== "x-request-id");

/** 12:03:20 UTC: 11 minutes 40 seconds (700 s) before the 15-minute window that began at 12:00 closes. */
const IN_A_WINDOW = new Date("2026-12-02T12:03:20Z");

const defaultPerIp = config().signInPerIp;
afterEach(() => {
  configure({ signInPerIp: defaultPerIp });
});

describe("a sign-in request for a known and an unknown address", () => {
  it("gets the identical answer: status, body and every header", async () => {
    const rep = await aRep();
    const known = await postJson(rep.email);
    const unknown = await postJson(email("stranger"));
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(known.status);
    expect(headersOf(unknown)).toEqual(headersOf(known));
    expect(await unknown.text()).toBe(await known.text());
  });

  it("gets the same 202 when SES refuses the person's email (the sandbox, a throttle), never a 500 that only a known address gets", async () => {
    const rep = await aRep();
    const refused = Object.assign(new Error(`Email address is not verified: ${rep.email}`), { name: "MessageRejected", $metadata: { httpStatusCode: 400 } });
    const mock = mockClient(await Email.ses());
    mock.on(SendEmailCommand).callsFake((input: { Destination?: { ToAddresses?: string[] } }) => {
      if (input.Destination?.ToAddresses?.[0] === rep.email.toLowerCase()) throw refused;
      return { MessageId: "simulated" };
    });
    try {
      const known = await postJson(rep.email);
      const unknown = await postJson(email("stranger"));
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(headersOf(unknown)).toEqual(headersOf(known));
      expect(await unknown.text()).toBe(await known.text());
    } finally {
      mock.restore();
    }
  });

  it("does the same DynamoDB and SES work, request for request, and emails only the known address", async () => {
    const rep = await aRep();
    const manager = email("manager");
    await aRep({ managerEmail: manager });
    const admin = email("admin");
    await Admin.add({ email: admin, name: "Ada Admin" }, { kind: "cli", id: "test" });
    const stranger = email("stranger");
    const calls: string[] = [];
    // Each request as it goes on the wire: DynamoDB names its operation in X-Amz-Target, SES in its command.
    const counting = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: { request?: { headers?: Record<string, string> } }) => {
      calls.push(args.request?.headers?.["x-amz-target"]?.split(".").pop() ?? String(context.commandName));
      return next(args);
    };
    const ses = await Email.ses();
    dynamo().middlewareStack.add(counting as never, { step: "finalizeRequest", name: "countSignInWork" });
    ses.middlewareStack.add(counting as never, { step: "finalizeRequest", name: "countSignInWork" });
    const workOf = async (address: string) => {
      calls.length = 0;
      expect((await postJson(address, fromSocket("198.51.100.20"))).status).toBe(202);
      return [...calls].sort();
    };
    try {
      const forRep = await workOf(rep.email);
      const forManager = await workOf(manager);
      const forAdmin = await workOf(admin);
      const forStranger = await workOf(stranger);
      // The address's email lock, its admin record, then the rep record the lock names (or nobody's).
      expect(forRep).toEqual(["GetItem", "GetItem", "GetItem", "PutItem", "Query", "SendEmailCommand", "UpdateItem", "UpdateItem"]);
      expect(forManager).toEqual(forRep);
      expect(forAdmin).toEqual(forRep);
      expect(forStranger).toEqual(forRep);
    } finally {
      dynamo().middlewareStack.remove("countSignInWork");
      ses.middlewareStack.remove("countSignInWork");
    }
    expect(await inbox(rep.email)).toHaveLength(1);
    expect(await inbox(manager)).toHaveLength(1);
    expect(await inbox(admin)).toHaveLength(1);
    expect(await inbox(stranger)).toHaveLength(0);
  });
});

describe("the per-address allowance", () => {
  it("answers the sixth request in 15 minutes with 429, Retry-After and the error body, for a known and an unknown address alike", async () => {
    const rep = await aRep();
    const stranger = email("stranger");
    const sixth = await Clock.at(IN_A_WINDOW, async () => {
      const answers: Record<string, Response[]> = { known: [], unknown: [] };
      for (let i = 0; i < 6; i++) {
        answers.known!.push(await postJson(rep.email));
        answers.unknown!.push(await postJson(stranger));
      }
      for (const list of Object.values(answers)) expect(list.slice(0, 5).map((res) => res.status)).toEqual([202, 202, 202, 202, 202]);
      return { known: answers.known![5]!, unknown: answers.unknown![5]! };
    });

    expect(sixth.known.status).toBe(429);
    expect(sixth.known.headers.get("retry-after")).toBe("700");
    expect(sixth.known.headers.get("content-type")).toContain("application/json");
    const body = await sixth.known.text();
    expect(JSON.parse(body)).toEqual({ error: { code: "rate_limited", message: "Too many sign-in requests; try again in 12 minutes." } });
    expect(headersOf(sixth.unknown)).toEqual(headersOf(sixth.known));
    expect(await sixth.unknown.text()).toBe(body);
    expect(await inbox(rep.email)).toHaveLength(5);

    // The next window opens the address again.
    const later = await Clock.at(new Date(IN_A_WINDOW.getTime() + 12 * MINUTE), () => postJson(rep.email));
    expect(later.status).toBe(202);
    expect(await inbox(rep.email)).toHaveLength(6);
  });

  it("answers the sign-in form's sixth post with the form again, its message and Retry-After, as HTML", async () => {
    const rep = await aRep();
    const res = await Clock.at(IN_A_WINDOW, async () => {
      for (let i = 0; i < 5; i++) expect((await postForm(rep.email)).status).toBe(200);
      return postForm(rep.email);
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("700");
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("Too many sign-in requests; try again in 12 minutes.");
    expect(html).toMatch(/<form method="post" action="\/auth\/login"/);
    expect(await inbox(rep.email)).toHaveLength(5);
  });
});

describe("the per-IP allowance", () => {
  it("answers 429 once one IP address has used its requests, whichever addresses it asks for, and lets another IP in", async () => {
    configure({ signInPerIp: { limit: 3, windowMs: 15 * MINUTE } });
    const reps = await Promise.all([aRep(), aRep(), aRep(), aRep()]);
    const [statuses, refused, elsewhere] = await Clock.at(IN_A_WINDOW, async () => {
      const statuses = [];
      for (const rep of reps.slice(0, 3)) statuses.push((await postJson(rep.email, fromSocket("203.0.113.50"))).status);
      const refused = await postJson(reps[3]!.email, fromSocket("203.0.113.50"));
      const elsewhere = await postJson(reps[3]!.email, fromSocket("203.0.113.51"));
      return [statuses, refused, elsewhere] as const;
    });
    expect(statuses).toEqual([202, 202, 202]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("700");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(elsewhere.status).toBe(202);
    expect(await inbox(reps[3]!.email)).toHaveLength(1);
    // An IP address is personal data: its counter is keyed by a hash, as an address's is.
    const stored = JSON.stringify((await dynamo().send(new ScanCommand({ TableName: tableName() }))).Items);
    expect(stored).not.toContain("203.0.113.5");
  });

  it("counts an IPv6 host by its /64, however it writes or steps through its addresses, and an IPv4-mapped address as the IPv4 one", async () => {
    configure({ signInPerIp: { limit: 3, windowMs: 15 * MINUTE } });
    const rep = await aRep();
    const answers = await Clock.at(IN_A_WINDOW, async () => {
      const statuses: number[] = [];
      for (const ip of ["2001:db8:1:2::1", "2001:DB8:1:2:ffff::9", "2001:0db8:0001:0002:0:0:0:3", "2001:db8:1:2::abcd", "2001:db8:1:3::1"]) {
        statuses.push((await postJson(rep.email, fromSocket(ip))).status);
      }
      for (const ip of ["198.51.100.7", "::ffff:198.51.100.7", "::FFFF:198.51.100.7", "198.51.100.7"]) statuses.push((await postJson(email("v4"), fromSocket(ip))).status);
      return statuses;
    });
    // Three from one /64, then refused; another /64 is let in. Three from one IPv4 address, however written, then refused.
    expect(answers).toEqual([202, 202, 202, 429, 202, 202, 202, 202, 429]);
  });

  it("counts by API Gateway's source IP in Lambda", async () => {
    configure({ signInPerIp: { limit: 1, windowMs: 15 * MINUTE } });
    const [first, second] = await Clock.at(IN_A_WINDOW, async () => [await postJson(email("a"), fromGateway("192.0.2.60")), await postJson(email("b"), fromGateway("192.0.2.60"))]);
    expect(first!.status).toBe(202);
    expect(second!.status).toBe(429);
  });
});
