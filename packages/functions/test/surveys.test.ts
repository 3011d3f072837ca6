import { beforeAll, describe, expect, it } from "vitest";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { aggregateKeys } from "@rapport/core/aggregate/keys";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer } from "../../../test/support/fixtures.ts";

const app = createApp();
const system = { kind: "cli", id: "test" } as const;
let admin: string;

beforeAll(async () => {
  admin = await bearer("admin");
});

const post = (path: string, body: unknown, auth?: string) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) });

async function invite(customerId: string) {
  const created = await Invitation.create({ customerId, kind: "report-card" }, system);
  if (!("invitation" in created)) throw new Error(created.skipped);
  return created.invitation;
}

describe("configurable behaviours", () => {
  it("refuses more than six behaviours or a repeated id, naming behaviours", async () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ id: `b${"abcdefg"[i]}`, label: `Behaviour ${i}` }));
    const tooMany = await post("/v1/surveys", { behaviours: seven }, admin);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.fields).toEqual({ behaviours: "must have at most six behaviours" });
    const repeated = await post("/v1/surveys", { behaviours: [{ id: "listening", label: "A" }, { id: "listening", label: "B" }] }, admin);
    expect(repeated.status).toBe(400);
  });

  it("asks new report cards about the new behaviours, keeps old invitations and answers as they were, and scores both", async () => {
    const rep = await aRep();
    const before = await invite((await aCustomer(rep.id)).id);
    const res = await post(
      "/v1/surveys",
      {
        behaviours: [
          { id: "listening", label: "Listens to what matters to me" },
          { id: "expertise", label: "Knows the product inside out" },
        ],
      },
      admin,
    );
    expect(res.status).toBe(201);
    const survey = await res.json();
    expect(survey).toMatchObject({ version: "rc-2", behaviours: [{ id: "listening" }, { id: "expertise" }] });
    expect((await (await app.request("/v1/surveys/current", { headers: { authorization: admin } })).json()).version).toBe("rc-2");

    const after = await invite((await aCustomer(rep.id)).id);
    expect(after.surveyVersion).toBe("rc-2");
    const page = (await (await app.request(`/s/${Invitation.tokenOf(after.id)}`)).text()).toLowerCase();
    expect(page).toContain("knows the product inside out");
    expect(page).not.toContain("advocates for me");
    const oldPage = (await (await app.request(`/s/${Invitation.tokenOf(before.id)}`)).text()).toLowerCase();
    expect(oldPage).toContain("advocates for me");

    const submit = (id: string, ratings: Record<string, unknown>) => post(`/s/${Invitation.tokenOf(id)}`, { ratings });
    expect((await submit(after.id, { listening: 4, expertise: 5 })).status).toBe(200);
    // The old invitation still asks the six behaviours it was sent with.
    expect((await submit(before.id, { listening: 2, expertise: 5 })).status).toBe(400);
    expect((await submit(before.id, { listening: 2, follow_up: 4, proactive: 4, reachability: 4, advocacy: 4, customer_first: 4 })).status).toBe(200);

    const agg = (await db().send(new GetCommand({ TableName: tableName(), Key: aggregateKeys.rep(periodOf(new Date()), rep.id) }))).Item!;
    expect(agg).toMatchObject({ cards: 2, n_listening: 2, s_listening: 6, n_expertise: 1, s_expertise: 5, n_advocacy: 1 });
    const card = await (await app.request(`/v1/reps/${rep.id}/scorecard`, { headers: { authorization: admin } })).json();
    // Current behaviours first, then the old ones that still have ratings this period.
    expect(card.behaviours.map((b: { id: string }) => b.id)).toEqual(["listening", "expertise", "advocacy", "customer_first", "follow_up", "proactive", "reachability"]);
    // raw = mean of behaviour means: listening 3, expertise 5, the other five 4 each → (3 + 5 + 4·5) / 7 = 4
    expect(card.rawScore).toBeCloseTo(4, 12);

    const audit = await (await app.request("/v1/audit?entityId=survey_rc-2", { headers: { authorization: admin } })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["survey.publish"]);
  });
});
