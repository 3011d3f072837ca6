import { beforeAll, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "@rapport/core/db/index";
import { configure, config } from "@rapport/core/config";
import { Rep } from "@rapport/core/rep/index";
import { Team } from "@rapport/core/team/index";
import { withInterloper } from "../../../test/contract/support.ts";
import { createApp } from "../src/api/app.ts";
import { bearer, email } from "../../../test/support/fixtures.ts";

const app = createApp();
let admin: string;
let reader: string;

beforeAll(async () => {
  admin = await bearer("admin");
  reader = await bearer("reps:read");
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: { authorization: admin, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

async function aTeam(overrides: Record<string, unknown> = {}) {
  const res = await call("POST", "/v1/teams", { name: `Team ${email("t")}`, managerEmail: email("boss"), ...overrides });
  expect(res.status).toBe(201);
  return res.json();
}

describe("/v1/teams", () => {
  it("creates, reads, lists and edits a team, answering its Slack URL only as set-or-not and its host", async () => {
    const team = await aTeam({ name: "Zeta West", slackWebhookUrl: "https://93.184.215.14/services/T1/B2/secret" });
    expect(team).toMatchObject({ name: "Zeta West", active: true, version: 1, slack: { configured: true, host: "93.184.215.14" } });
    expect(team.id).toMatch(/^team_[0-9A-Z]{26}$/);
    const read = await call("GET", `/v1/teams/${team.id}`);
    expect(read.headers.get("etag")).toBe('"v1"');
    const text = await read.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text).slack).toEqual({ configured: true, host: "93.184.215.14" });

    const cleared = await call("PATCH", `/v1/teams/${team.id}`, { slackWebhookUrl: null }, { "if-match": '"v1"' });
    expect(cleared.status).toBe(200);
    expect(cleared.headers.get("etag")).toBe('"v2"');
    expect((await cleared.json()).slack).toEqual({ configured: false });

    const listed = await call("GET", `/v1/teams?limit=500`);
    expect((await listed.json()).items.map((t: { id: string }) => t.id)).toContain(team.id);
  });

  it("refuses a Slack URL that is not https, and a loopback one outside the local and test stages", async () => {
    for (const url of ["http://hooks.slack.com/x", "ftp://x.example/y", "https://user:pw@hooks.slack.com/x", "not a url"]) {
      const res = await call("POST", "/v1/teams", { name: "Bad", managerEmail: email(), slackWebhookUrl: url });
      expect(res.status, url).toBe(400);
      expect(Object.keys((await res.json()).error.fields)).toEqual(["slackWebhookUrl"]);
    }
    expect((await call("POST", "/v1/teams", { name: "Local", managerEmail: email(), slackWebhookUrl: "http://127.0.0.1:9999/hook" })).status).toBe(201);
    const stage = config().stage;
    configure({ stage: "production" });
    try {
      expect((await call("POST", "/v1/teams", { name: "Prod", managerEmail: email(), slackWebhookUrl: "http://127.0.0.1:9999/hook" })).status).toBe(400);
    } finally {
      configure({ stage });
    }
  });

  it("refuses, outside the local stage, a Slack URL that points at the metadata service, a private or a loopback address, on create and on edit, naming slackWebhookUrl", async () => {
    const team = await aTeam();
    const stage = config().stage;
    configure({ stage: "prod" });
    try {
      for (const url of ["https://169.254.169.254/latest/meta-data/", "https://10.0.0.5/hook", "https://127.0.0.1:8443/hook", "https://[fd00:ec2::254]/hook", "https://[::ffff:192.168.1.1]/hook"]) {
        const created = await call("POST", "/v1/teams", { name: "Inner", managerEmail: email(), slackWebhookUrl: url });
        expect(created.status, url).toBe(400);
        expect((await created.json()).error).toMatchObject({ code: "invalid_url", fields: { slackWebhookUrl: expect.any(String) } });
        const patched = await call("PATCH", `/v1/teams/${team.id}`, { slackWebhookUrl: url });
        expect(patched.status, url).toBe(400);
        expect(Object.keys((await patched.json()).error.fields)).toEqual(["slackWebhookUrl"]);
      }
      expect((await Team.get(team.id))?.slackWebhookUrl).toBeUndefined();
      const fine = await call("PATCH", `/v1/teams/${team.id}`, { slackWebhookUrl: "https://93.184.215.14/services/T1/B2/x" });
      expect(fine.status).toBe(200);
      expect((await fine.json()).slack).toEqual({ configured: true, host: "93.184.215.14" });
    } finally {
      configure({ stage });
    }
  });

  it("gives a rep who joins a team the team's name and manager, and moves the team's reps when its manager or name changes", async () => {
    const boss = email("boss");
    const team = await aTeam({ name: "North", managerEmail: boss });
    const made = await call("POST", "/v1/reps", { name: "Ines Nord", email: email("ines"), teamId: team.id });
    expect(made.status).toBe(201);
    const rep = await made.json();
    expect(rep).toMatchObject({ teamId: team.id, team: "North", managerEmail: boss });
    expect((await Rep.team(boss)).map((r) => r.id)).toEqual([rep.id]);

    const next = email("newboss");
    const moved = await call("PATCH", `/v1/teams/${team.id}`, { managerEmail: next, name: "North-East" });
    expect(moved.status).toBe(200);
    expect(await Rep.get(rep.id)).toMatchObject({ team: "North-East", managerEmail: next, version: 2 });
    expect(await Rep.team(boss)).toEqual([]);
    expect((await Rep.team(next)).map((r) => r.id)).toEqual([rep.id]);
    // Sending it again changes nothing and passes, even with the If-Match read before.
    expect((await call("PATCH", `/v1/teams/${team.id}`, { managerEmail: next, name: "North-East" }, { "if-match": '"v1"' })).status).toBe(200);
  });

  it("moves 35 reps 30 to a transaction; a move that failed midway is finished by sending the same change again", async () => {
    const boss = email("boss");
    const team = await aTeam({ managerEmail: boss });
    const reps: string[] = [];
    for (let i = 0; i < 35; i++) reps.push((await (await call("POST", "/v1/reps", { name: `Member ${i}`, email: email("member"), teamId: team.id })).json()).id);
    const next = email("nextboss");
    // The second chunk's transaction fails once (a fault), after the team and the first 30 reps were written.
    const client = db();
    const send = client.send.bind(client);
    const mock = mockClient(client);
    mock.send.callThrough();
    let moves = 0;
    mock.on(TransactWriteCommand).callsFake(async (input) => {
      const moving = input.TransactItems.some((t: { Put?: { Item?: { pk?: string } } }) => t.Put?.Item?.pk?.startsWith("REP#"));
      if (moving && ++moves === 2) throw Object.assign(new Error("throttled"), { name: "ThrottlingException" });
      return send(new TransactWriteCommand(input));
    });
    let failed: Response;
    try {
      failed = await call("PATCH", `/v1/teams/${team.id}`, { managerEmail: next });
    } finally {
      mock.restore();
    }
    expect(failed.status).toBe(500);
    expect((await Rep.team(next)).length).toBe(30);
    expect((await Rep.team(boss)).length).toBe(5);
    const retried = await call("PATCH", `/v1/teams/${team.id}`, { managerEmail: next }, { "if-match": '"v1"' });
    expect(retried.status).toBe(200);
    expect((await Rep.team(next)).map((r) => r.id).sort()).toEqual([...reps].sort());
    expect(await Rep.team(boss)).toEqual([]);
  });

  it("never lets a rep join with the manager a concurrent team edit just replaced (409 team_changed, nothing written)", async () => {
    const team = await aTeam();
    const address = email("joiner");
    const joining = (input: { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] }) => input.TransactItems?.[0]?.Put?.Item?.email === address;
    const res = await withInterloper(joining, () => Team.update(team.id, { managerEmail: email("newboss") }, { kind: "cli", id: "test" }), async () =>
      call("POST", "/v1/reps", { name: "Joiner", email: address, teamId: team.id }),
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("team_changed");
    expect(await Rep.fromEmail(address)).toBeUndefined();
  });

  it("refuses team or managerEmail beside teamId, an unknown team and a deactivated one", async () => {
    const team = await aTeam();
    const both = await call("POST", "/v1/reps", { name: "X", email: email(), teamId: team.id, managerEmail: email() });
    expect(both.status).toBe(400);
    expect(Object.keys((await both.json()).error.fields)).toEqual(["managerEmail"]);
    const unknown = await call("POST", "/v1/reps", { name: "X", email: email(), teamId: "team_01JH5Z00000000000000000000" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe("unknown_team");
    expect((await call("DELETE", `/v1/teams/${team.id}`)).status).toBe(200);
    expect((await call("DELETE", `/v1/teams/${team.id}`)).status).toBe(200);
    const closed = await call("POST", "/v1/reps", { name: "X", email: email(), teamId: team.id });
    expect(closed.status).toBe(422);
    expect((await closed.json()).error.code).toBe("team_inactive");
  });

  it("answers 412 to a stale If-Match and 404 to an unknown team; teams are admin only", async () => {
    const team = await aTeam();
    expect((await call("PATCH", `/v1/teams/${team.id}`, { name: "First" }, { "if-match": '"v1"' })).status).toBe(200);
    const stale = await call("PATCH", `/v1/teams/${team.id}`, { name: "Second" }, { "if-match": '"v1"' });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.code).toBe("precondition_failed");
    expect((await call("GET", "/v1/teams/team_01JH5Z00000000000000000000")).status).toBe(404);
    expect((await app.request("/v1/teams", { headers: { authorization: reader } })).status).toBe(403);
  });
});
