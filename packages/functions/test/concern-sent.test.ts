import { describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { formatDate } from "@rapport/core/clock/format-date";
import { DAY, aCustomerOfATeam, app, casesOf, linkOf, raise } from "./concern-support.ts";

/** The page a raised concern redirects to, followed. */
async function sentPage(res: Response): Promise<{ location: string; html: string }> {
  expect(res.status).toBe(303);
  const location = res.headers.get("location")!;
  const page = await app.request(location);
  expect(page.status, location).toBe(200);
  return { location, html: await page.text() };
}

describe("the page after a concern", () => {
  it("reads the case, never the URL's word for it: the due time only for the link's own named case, no time for an anonymous one", async () => {
    const zone = "America/New_York";
    const { rep, link } = await aCustomerOfATeam();
    const mine = await sentPage(await raise(link, { what: "The crate was opened.", urgency: "today", reply: "contact" }));
    const [named] = await casesOf(rep.id);
    expect(mine.location).toBe(`${link}/sent?case=${named!.id}`);
    expect(mine.html).toContain(`Amy Santiago or their manager will contact you by ${formatDate(named!.dueAt, zone)} to put it right.`);

    // A time in the URL is not shown, whatever it says.
    const forged = await app.request(`${link}/sent?reply=contact&by=2031-01-02T03:04:05.000Z`);
    expect(forged.status).toBe(303);
    expect(forged.headers.get("location")).toBe(link);
    expect(await forged.text()).not.toContain("2031");
    // Another customer's named case shows nothing of theirs on this link's page.
    const other = await aCustomerOfATeam();
    const theirs = await sentPage(await raise(other.link, { what: "Wrong size.", urgency: "no-rush", reply: "contact" }));
    const borrowed = await app.request(`${link}/sent?case=${new URL(theirs.location, "http://x").searchParams.get("case")}`);
    expect(borrowed.status).toBe(303);
    expect(borrowed.headers.get("location")).toBe(link);
    for (const query of ["", "?case=fup_01ARZ3NDEKTSV4RRFFQ69G5FAV", "?case=x"]) expect((await app.request(`${link}/sent${query}`)).status, query).toBe(303);

    const anonymous = await sentPage(await raise(link, { what: "Rude on the phone.", urgency: "today", reply: "anonymous" }));
    const opened = (await casesOf(rep.id)).find((f) => f.anonymous)!;
    expect(anonymous.html).toContain("without your name");
    for (const at of [opened.createdAt, opened.dueAt]) expect(anonymous.html).not.toContain(formatDate(at, zone));
    expect(anonymous.html).not.toMatch(/\d{2}:\d{2}/);
  });

  it("links back to the form with the link it was opened with, which expires as that link does", async () => {
    const { customer } = await aCustomerOfATeam(null);
    // A link from an email sent 170 days ago, 10 days before it expires.
    const old = await Clock.at(new Date(Date.now() - 170 * DAY), () => linkOf(customer.id));
    const { location, html } = await sentPage(await raise(old, { what: "Still waiting.", urgency: "no-rush", reply: "anonymous" }));
    expect([...html.matchAll(/href="(\/c\/[^"]+)"/g)].map((m) => m[1])).toEqual([old]);
    const later = await Clock.at(new Date(Date.now() + 11 * DAY), () => app.request(location));
    expect(later.status).toBe(410);
  });

  it("says, when the rep has no manager, that an anonymous concern was recorded without their name, and promises no manager", async () => {
    const { link } = await aCustomerOfATeam(null, { manager: false });
    const form = await (await app.request(link)).text();
    expect(form).toContain("No, send it without my name");
    expect(form).not.toContain("manager without my name");
    const { html } = await sentPage(await raise(link, { what: "Nobody answers the phone.", urgency: "this-week", reply: "anonymous" }));
    expect(html).toContain("We have recorded what you wrote, without your name. Nobody will contact you about it, as you asked.");
    expect(html).not.toContain("manager");
  });
});
