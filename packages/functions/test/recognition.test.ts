import { beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { Clock } from "@rapport/core/clock/index";
import { Invitation } from "@rapport/core/invitation/index";
import { bounds, periodOf, previous } from "@rapport/core/period/quarter";
import { Plan } from "@rapport/core/plan/index";
import { Profile } from "@rapport/core/profile/index";
import { Recognition } from "@rapport/core/recognition/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, email, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();
const DAY = 86_400_000;
const cli = { kind: "cli", id: "test" } as const;
const NONE = { listening: "na", follow_up: "na", proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" };

/** The customer answers a form sent to them at `at`, as of `at`. */
async function answerAt(at: Date, customerId: string, kind: "onboarding" | "report-card", body: unknown) {
  await Clock.at(at, async () => {
    const created = await Invitation.create({ customerId, kind }, cli);
    if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
    const res = await app.request(`/s/${Invitation.tokenOf(created.invitation.id)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  });
}
const onboarding = (extra: Record<string, unknown>) => ({ channel: "email", timezone: "UTC", cadence: "as-needed", responseTime: "24h", ...extra });
const noteAt = (at: Date, customerId: string, text: string) => Clock.at(at, () => Profile.addNote(customerId, { text }, { actor: { kind: "cli", id: "test" }, name: "A rep" }));

const now = new Date();
const thisMonth = Recognition.monthOf(now);
const lastMonth = Recognition.monthBefore(thisMonth);
/** Two days into last month, at noon (UTC). */
const inLastMonth = DateTime.fromISO(`${lastMonth}-03T12:00:00Z`, { zone: "utc" }).toJSDate();
const period = periodOf(now);
const before = previous(period);
const inBefore = new Date(bounds(before).start.getTime() + 5 * DAY);

let manager: string;
const reps = {} as Record<"alba" | "bruno" | "chen" | "dara", { id: string; name: string }>;
const stray = {} as { a7: string };

beforeAll(async () => {
  manager = email("manager");
  for (const [key, name] of [["alba", "Alba Ames"], ["bruno", "Bruno Best"], ["chen", "Chen Cole"], ["dara", "Dara Dunn"]] as const) reps[key] = await aRep({ name, managerEmail: manager });

  // Coverage (tier-A customers, entries of the last 180 days). Alba: a note 10 days ago, one 179 days ago,
  // one 181 days ago, none; a tier-B customer with a note does not count. Bruno: one, shared today.
  // Chen: no tier-A customer. Dara: one, whose only note the customer deleted.
  const tierA = (repId: string) => aCustomer(repId, { valueTier: "A" });
  const [a1, a2, a3] = [await tierA(reps.alba.id), await tierA(reps.alba.id), await tierA(reps.alba.id)];
  await tierA(reps.alba.id);
  await noteAt(new Date(now.getTime() - 10 * DAY), a1.id, "Ten days ago");
  await noteAt(new Date(now.getTime() - 179 * DAY), a2.id, "179 days ago");
  await noteAt(new Date(now.getTime() - 181 * DAY), a3.id, "181 days ago");
  await noteAt(now, (await aCustomer(reps.alba.id, { valueTier: "B" })).id, "Tier B");
  await answerAt(now, (await tierA(reps.bruno.id)).id, "onboarding", onboarding({ personalInterests: "Rowing" }));
  await noteAt(now, (await aCustomer(reps.chen.id, { valueTier: "C" })).id, "Tier C");
  const d1 = await tierA(reps.dara.id);
  const dNote = await noteAt(now, d1.id, "Will be deleted");
  await Profile.deleteItem(d1.id, dNote.id);

  // Last month's secret agent. Alba's customers shared 3 things (interests and personal interests on one
  // form, personal interests on another) and Alba wrote 2 notes (not counted); Bruno's shared 2, one of
  // them sent again unchanged on a later form (not new).
  const [a6, a7] = [await aCustomer(reps.alba.id), await aCustomer(reps.alba.id)];
  await answerAt(inLastMonth, a6.id, "onboarding", onboarding({ interests: ["growth"], personalInterests: "Jazz" }));
  await answerAt(inLastMonth, a7.id, "onboarding", onboarding({ personalInterests: "Bird watching" }));
  await noteAt(inLastMonth, a6.id, "Note one");
  await noteAt(inLastMonth, a7.id, "Note two");
  const [b2, b3] = [await aCustomer(reps.bruno.id), await aCustomer(reps.bruno.id)];
  await answerAt(inLastMonth, b2.id, "onboarding", onboarding({ interests: ["training"] }));
  await answerAt(new Date(inLastMonth.getTime() + DAY), b2.id, "onboarding", onboarding({ interests: ["training"], cadence: "monthly" }));
  await answerAt(inLastMonth, b3.id, "onboarding", onboarding({ personalInterests: "Pottery" }));
  stray.a7 = a7.id;

  // Quarter on quarter, one card of "listening" each (k = 5). Before: Alba 2, Bruno 4, Dara 2. Now: Alba 5,
  // Bruno 3, Chen 4 (no card before), Dara 5.
  const card = async (at: Date, repId: string, rating: number) => answerAt(at, (await aCustomer(repId)).id, "report-card", { ratings: { ...NONE, listening: rating } });
  for (const [repId, rating] of [[reps.alba.id, 2], [reps.bruno.id, 4], [reps.dara.id, 2]] as const) await card(inBefore, repId, rating);
  for (const [repId, rating] of [[reps.alba.id, 5], [reps.bruno.id, 3], [reps.chen.id, 4], [reps.dara.id, 5]] as const) await card(now, repId, rating);
});

const team = () => Object.values(reps);

describe("coverage of each rep's tier-A customers", () => {
  it("counts a tier-A customer with something shared or noted in the last 180 days", async () => {
    const rows = await Profile.coverage(team().map((r) => r.id));
    expect(rows).toEqual([
      // 2 of Alba's 4 (10 and 179 days ago; 181 days is too old, and one has nothing).
      { repId: reps.alba.id, tierA: 4, covered: 2, share: 0.5 },
      { repId: reps.bruno.id, tierA: 1, covered: 1, share: 1 },
      { repId: reps.chen.id, tierA: 0, covered: 0, share: null },
      // The customer deleted the only note: nothing is left.
      { repId: reps.dara.id, tierA: 1, covered: 0, share: 0 },
    ]);
  });
});

describe("the secret agent", () => {
  it("is the rep whose customers shared the most new things in the month; reps' notes and resent answers do not count", async () => {
    const last = await Recognition.secretAgent(team(), lastMonth);
    // Alba: interests + personal interests (a6) + personal interests (a7) = 3. Bruno: interests (b2, once) + personal interests (b3) = 2.
    expect(last.counts.map((c) => [c.name, c.entries])).toEqual([
      ["Alba Ames", 3],
      ["Bruno Best", 2],
      ["Chen Cole", 0],
      ["Dara Dunn", 0],
    ]);
    expect(last.winners.map((w) => w.name)).toEqual(["Alba Ames"]);
    // This month: Bruno's customer shared "Rowing".
    expect((await Recognition.secretAgent(team(), thisMonth)).winners).toEqual([{ repId: reps.bruno.id, name: "Bruno Best", entries: 1 }]);
  });

  it("names both reps when they are level, and nobody when nothing was shared", async () => {
    const profile = await Profile.read(stray.a7);
    await Profile.deleteItem(stray.a7, profile.shared[0]!.id);
    const level = await Recognition.secretAgent(team(), lastMonth);
    expect(level.winners.map((w) => [w.name, w.entries])).toEqual([
      ["Alba Ames", 2],
      ["Bruno Best", 2],
    ]);
    expect((await Recognition.secretAgent(team(), "2020-01")).winners).toEqual([]);
  });
});

describe("the most improved rep", () => {
  it("has the biggest rise in adjusted score on the quarter before; reps level share it, reps without a score in either quarter are left out", async () => {
    const result = await Recognition.mostImproved(team(), period, await Plan.inForce());
    // Before: prior = (2 + 4 + 2) / 3 = 8/3; Alba = Dara = (1·2 + 5·8/3) / 6 = 46/18; Bruno = (4 + 40/3) / 6 = 52/18.
    // Now: prior = (5 + 3 + 4 + 5) / 4 = 4.25; Alba = Dara = (5 + 21.25) / 6 = 4.375; Bruno = (3 + 21.25) / 6 = 24.25/6.
    // Rise: Alba = Dara = 78.75/18 − 46/18 = 32.75/18; Bruno = 72.75/18 − 52/18 = 20.75/18. Chen had no card before.
    const rows = result.changes.map((c) => [c.name, c.from, c.to, c.change]);
    expect(rows.map((r) => r[0])).toEqual(["Alba Ames", "Dara Dunn", "Bruno Best"]);
    for (const [row, expected] of rows.map((r, i) => [r, [[46 / 18, 4.375, 32.75 / 18], [46 / 18, 4.375, 32.75 / 18], [52 / 18, 24.25 / 6, 20.75 / 18]][i]!] as const)) {
      for (let j = 0; j < 3; j++) expect(row[j + 1] as number).toBeCloseTo(expected[j]!, 9);
    }
    expect(result.winners.map((w) => w.name)).toEqual(["Alba Ames", "Dara Dunn"]);
    expect((await Recognition.mostImproved(team(), before, await Plan.inForce())).winners).toEqual([]);
  });
});

describe("the manager's dashboard", () => {
  it("shows the coverage table, the secret agent and the most improved rep", async () => {
    const res = await app.request("/dashboard", { headers: { cookie: await sessionCookie(manager) } });
    expect(res.status).toBe(200);
    const html = (await res.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    const monthName = (month: string) => DateTime.fromISO(`${month}-01`).setLocale("en-US").toFormat("LLLL yyyy");
    expect(html).toContain("Alba Ames 2 of 4 50%");
    expect(html).toContain("Bruno Best 1 of 1 100%");
    expect(html).toContain("Chen Cole no tier-A customers —");
    expect(html).toContain("Dara Dunn 0 of 1 0%");
    expect(html).toContain(`Alba Ames and Bruno Best : customers shared 2 new things about themselves in ${monthName(lastMonth)}`);
    expect(html).toContain(`So far in ${monthName(thisMonth)}: Bruno Best leads with 1.`);
    expect(html).toContain(`Alba Ames and Dara Dunn : adjusted score 2.56 in ${before}, 4.38 in ${period} (+1.82)`);
  });
});
