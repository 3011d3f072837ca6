import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { configure } from "@rapport/core/config";
import { Concern } from "@rapport/core/concern/index";
import { periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, answerForm, aRep, bearer } from "../../../test/support/fixtures.ts";
import { forgetTimeTravel } from "../../../test/support/job-clock.ts";

const app = createApp();
let admin: string;

beforeAll(async () => {
  admin = await bearer("admin");
  await forgetTimeTravel();
});
afterAll(() => configure({ retentionMonths: undefined }));

const later = (months: number, minutes = 0) => DateTime.utc().plus({ months, minutes }).toJSDate();
const runJob = async (at: Date) => {
  const res = await app.request(`/v1/jobs/run?now=${at.toISOString()}`, { method: "POST", headers: { authorization: admin } });
  expect(res.status).toBe(200);
  return (await res.json()) as { textsErased: number; errors: number };
};
const read = async (path: string) => (await app.request(path, { headers: { authorization: admin } })).json();

describe("retention (RAPPORT_RETENTION_MONTHS)", () => {
  it("erases the comments, 'about me' and concern texts older than the setting in the scheduled job, keeping every rating and score", async () => {
    const rep = await aRep({ name: "Tomasz Retention" });
    const customer = await aCustomer(rep.id, { name: "Olwen Keep" });
    const card = await answerForm((path, init) => app.request(path, init), customer.id, "report-card", {
      ratings: { listening: 2, follow_up: 5 },
      improve: "Too slow on the quote",
      aboutMe: "I coach a rowing team",
      shareName: true,
      contactOk: true,
    });
    const concern = await app.request(`/c/${Concern.token(customer.id)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ what: "Nobody called back", urgency: "no-rush", reply: "contact" }) });
    expect(concern.status).toBe(201);
    const period = periodOf(new Date());
    const texts = async () => {
      const responses = await read(`/v1/responses?period=${period}&repId=${rep.id}`);
      const profile = await read(`/v1/customers/${customer.id}/profile`);
      const cases = await read(`/v1/follow-ups?repId=${rep.id}&kind=recovery`);
      return {
        response: responses.items.find((r: { id: string }) => r.id === card.id),
        profile: JSON.stringify(profile),
        cases: cases.items.map((f: { comment?: string }) => f.comment ?? null).sort(),
      };
    };
    const scorecard = () => read(`/v1/reps/${rep.id}/scorecard?period=${period}`);
    const scoresBefore = await scorecard();

    // Off by default: nothing is erased, however old.
    expect((await runJob(later(1))).textsErased).toBe(0);
    configure({ retentionMonths: 12 });
    // Eleven months on, nothing has passed twelve months yet.
    expect((await runJob(later(11))).textsErased).toBe(0);
    const kept = await texts();
    expect(kept.response).toMatchObject({ comment: "Too slow on the quote", ratings: { listening: 2, follow_up: 5 } });
    expect(kept.profile).toContain("I coach a rowing team");
    expect(kept.cases).toEqual(["Nobody called back", "Too slow on the quote"]);

    // Thirteen months on, every text goes; the ratings, the name the customer shared and the score card stay.
    const run = await runJob(later(13));
    expect(run.errors).toBe(0);
    expect(run.textsErased).toBeGreaterThan(0);
    const gone = await texts();
    expect(gone.response).toMatchObject({ ratings: { listening: 2, follow_up: 5 }, customer: { name: "Olwen Keep" } });
    expect(gone.response).not.toHaveProperty("comment");
    expect(gone.profile).not.toContain("I coach a rowing team");
    expect(gone.cases).toEqual([null, null]);
    expect(await scorecard()).toEqual(scoresBefore);
    // Once a day: a run a minute later does nothing more.
    expect((await runJob(later(13, 1))).textsErased).toBe(0);
  }, 120_000);
});
