import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { concernToken } from "@rapport/core/concern/link";
import { FollowUp, nextAction } from "@rapport/core/followup/index";
import { Verdict } from "@rapport/core/followup/verdict";
import { linkToken } from "@rapport/core/profile/link";
import { createApp } from "../src/api/app.ts";
import { csrfFor } from "../src/api/customer-pages.ts";
import { aCustomer, aRep, answerForm, bearer, email } from "../../../test/support/fixtures.ts";
import { forgetTimeTravel } from "../../../test/support/job-clock.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
let admin: string;

beforeEach(forgetTimeTravel);
beforeAll(async () => {
  admin = await bearer("admin");
});

const page = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(`${ORIGIN}${path}`, init);
  return { status: res.status, html: await res.text() };
};
const form = (scope: string, fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
  body: new URLSearchParams({ csrf: csrfFor(scope), ...fields }).toString(),
});

/** A French customer whose named poor card opened a case, resolved, and the customer asked "Did we make it right?". */
async function aCustomerAskedForAVerdict() {
  const rep = await aRep({ name: "Paul Girard", managerEmail: email("manager") });
  const customer = await aCustomer(rep.id, { name: "Amélie Poulain", language: "fr" });
  await answerForm((path, init) => app.request(path, init), customer.id, "report-card", {
    ratings: { listening: 1, follow_up: 2, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" },
    improve: "Personne ne m'a rappelée",
    contactOk: true,
    shareName: true,
  });
  const [open] = await FollowUp.list({ repIds: [rep.id], kind: "recovery" });
  await FollowUp.resolve(open!.id, { note: "Appelée, réglé" }, { kind: "api-key", id: "key_test" });
  const resolved = (await FollowUp.get(open!.id))!;
  const askAt = new Date(nextAction(resolved)!.at);
  await Clock.at(askAt, () => Verdict.ask(resolved));
  const asked = (await FollowUp.get(open!.id))!;
  return { customer, verdict: Verdict.verdictToken(asked, new Date(asked.askedAt!)) };
}

describe("the links of an erased customer", () => {
  it("open nothing: the concern, verdict and profile links answer 410 'this link no longer works' in the customer's language, naming nobody", async () => {
    const { customer, verdict } = await aCustomerAskedForAVerdict();
    const concern = concernToken(customer.id);
    const profile = linkToken(customer.id);
    expect((await page(`/c/${concern}`)).html).toContain("Amélie");
    expect((await page(`/r/${verdict}`)).status).toBe(200);
    expect((await page(`/p/${profile}`)).html).toContain("Amélie Poulain");

    expect((await app.request(`/v1/customers/${customer.id}/erase`, { method: "POST", headers: { authorization: admin } })).status).toBe(200);

    const answers = {
      "concern page": await page(`/c/${concern}`),
      "concern form posted": await page(`/c/${concern}`, form(`c:${concern}`, { what: "Encore un souci", urgency: "today", reply: "contact" })),
      "verdict page": await page(`/r/${verdict}?score=5`),
      "verdict posted": await page(`/r/${verdict}`, form(`r:${verdict}`, { rating: "5" })),
      "profile page": await page(`/p/${profile}`),
      "profile withdraw posted": await page(`/p/${profile}/withdraw`, form(`p:${profile}`, { confirm: "yes" })),
    };
    for (const [what, { status, html }] of Object.entries(answers)) {
      expect(status, what).toBe(410);
      expect(html, what).toContain('lang="fr');
      expect(html, what).toContain("Ce lien ne fonctionne plus");
      for (const word of ["Amélie", "Poulain", customer.email, "Erased customer", "erased+"]) expect(html, `${word} in ${what}`).not.toContain(word);
    }
    const json = await app.request(`/c/${concern}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ what: "Encore", urgency: "today", reply: "anonymous" }) });
    expect(json.status).toBe(410);
    expect((await json.json()).error.code).toBe("link_retired");
    // Nothing was raised or answered through them.
    const cases = await FollowUp.list({ repIds: [customer.repId] });
    expect(cases.filter((f) => f.source === "concern")).toEqual([]);
    expect(cases.find((f) => f.kind === "recovery")!.verdict).toBe("awaiting");
  }, 60_000);
});
