import { describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { BonusInputs } from "@rapport/core/bonus/index";
import { Flag } from "@rapport/core/flag/index";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Period } from "@rapport/core/period/index";
import { Response } from "@rapport/core/response/index";
import { Submission } from "@rapport/core/submission/index";
import { aCustomer, aRep, email } from "../../../test/support/fixtures.ts";
import { NONE, submit, totals } from "../../../test/support/cards.ts";
import { interleaved, stopped } from "../../../test/support/interleave.ts";

// Flags raised when a report card is counted. Every test counts in a quarter of its own.
const cli = { kind: "cli", id: "test" } as const;
const finance = { kind: "api-key", id: "key_finance" } as const;
const MINUTE = 60_000;

/** A report card for a new customer of `repId` at `address` (default: a domain of their own), created at `at`. */
async function invite(at: Date, repId: string, address?: string): Promise<InvitationRecord> {
  return Clock.at(at, async () => {
    const customer = await aCustomer(repId, address ? { email: address } : {});
    const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli);
    if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
    return created.invitation;
  });
}

/** The rating tapped in the email, posted on its own from the confirm page. */
const tap = (at: Date, inv: InvitationRecord, rating: Record<string, number>) =>
  Clock.at(at, async () => Submission.submit(await Submission.open(Invitation.tokenOf(inv.id)), {}, { tapped: rating }));

const flagsOf = async (period: string, responseId: string) => (await Flag.list(period)).items.filter((f) => f.responseId === responseId);
const openFlags = async (period: string) => (await BonusInputs.forPeriod(period)).openFlags;

describe("raising bias flags", () => {
  it("flags a card answered from the rep's own domain with its first answer, open, in the card's period; a card from elsewhere raises none", async () => {
    const rep = await aRep();
    const at = new Date("2025-02-10T10:00:00Z");
    const own = await invite(at, rep.id, email("colleague"));
    const outside = await invite(at, rep.id);
    await submit(at, own, { listening: 5 });
    await submit(at, outside, { listening: 5 }, { improve: "Great follow-up, paid on time." });
    const [flag, ...others] = (await Flag.list("2025-Q1")).items;
    expect(others).toEqual([]);
    expect(flag).toEqual({
      id: expect.stringMatching(/^flg_[0-9A-HJKMNP-TV-Z]{26}$/),
      responseId: own.id,
      repId: rep.id,
      period: "2025-Q1",
      rule: "self_domain",
      reason: "The customer's email domain (example.com) is the rep's own.",
      status: "open",
      createdAt: at.toISOString(),
    });
    // The flag changes no number: the card counts like any other.
    expect((await totals("2025-Q1", rep.id))?.cards).toBe(2);
    expect(await openFlags("2025-Q1")).toBe(1);
  });

  it("adds a new rule's flag when a later part of the card brings the comment, and never a second flag of a rule", async () => {
    const rep = await aRep();
    const at = new Date("2025-05-12T09:00:00Z");
    const inv = await invite(at, rep.id, email("colleague"));
    await tap(at, inv, { listening: 5 });
    expect((await flagsOf("2025-Q2", inv.id)).map((f) => f.rule)).toEqual(["self_domain"]);

    await submit(new Date(at.getTime() + MINUTE), inv, { listening: 5, follow_up: 5 }, { improve: "Lovely, though she asked me to give 5 on everything." });
    await submit(new Date(at.getTime() + 2 * MINUTE), inv, { listening: 5, follow_up: 4 }, { improve: "She told me to give her top marks; her bonus depends on it." });
    const flags = await flagsOf("2025-Q2", inv.id);
    expect(flags.map((f) => [f.rule, f.createdAt])).toEqual([
      ["self_domain", at.toISOString()],
      ["solicited", new Date(at.getTime() + MINUTE).toISOString()],
    ]);
    // The solicited flag keeps what it was raised for.
    expect(flags[1]!.reason).toBe("A comment mentions being asked for a good rating (in what the rep could do better).");
    expect(await openFlags("2025-Q2")).toBe(2);
  });

  it("raises a flag once when two tabs send the same revision at once", async () => {
    const rep = await aRep();
    const at = new Date("2025-08-04T09:00:00Z");
    const inv = await invite(at, rep.id);
    await submit(at, inv, { listening: 4 });
    const later = new Date(at.getTime() + MINUTE);
    const comment = { improve: "He told me to give him a 5." };
    const otherTab = () => submit(later, inv, { listening: 4 }, comment);
    const thisTab = await interleaved("SET answers = :answers", otherTab, () => submit(later, inv, { listening: 4 }, comment));
    expect(thisTab.outcome).toBe("unchanged");
    expect((await flagsOf("2025-Q3", inv.id)).map((f) => f.rule)).toEqual(["solicited"]);
    expect(await openFlags("2025-Q3")).toBe(1);
  });

  it("writes the flags in the card's own transaction: a write stopped there leaves no card, no count and no flag", async () => {
    const rep = await aRep();
    const at = new Date("2025-11-03T09:00:00Z");
    const inv = await invite(at, rep.id, email("colleague"));
    await expect(interleaved("SET period = :period, #type = :type ADD openFlags", stopped, () => submit(at, inv, { listening: 5 }))).rejects.toMatchObject({
      name: "InternalServerError",
    });
    expect(await totals("2025-Q4", rep.id)).toBeUndefined();
    expect((await Response.listForRep(rep.id, "2025-Q4")).items).toEqual([]);
    expect((await Flag.list("2025-Q4")).items).toEqual([]);
    expect(await openFlags("2025-Q4")).toBe(0);
  });

  it("carries the flag of a card answered after its period closed into the next open period", async () => {
    const rep = await aRep();
    await Clock.at(new Date("2024-08-01T08:00:00Z"), () => Period.close("2024-Q3", cli, { force: true, reason: "Payroll cut-off" }));
    const at = new Date("2024-08-20T10:00:00Z");
    const inv = await invite(at, rep.id, email("colleague"));
    expect((await submit(at, inv, { listening: 3 })).invitation.period).toBe("2024-Q4");
    expect((await Flag.list("2024-Q3")).items).toEqual([]);
    expect((await flagsOf("2024-Q4", inv.id)).map((f) => [f.rule, f.period])).toEqual([["self_domain", "2024-Q4"]]);
    expect(await openFlags("2024-Q4")).toBe(1);
  });
});

describe("a period with open flags", () => {
  it("does not close, forced or not, until each flag is cleared or its response voided", async () => {
    const rep = await aRep();
    const at = new Date("2023-02-14T10:00:00Z");
    const own = await invite(at, rep.id, email("colleague"));
    const asked = await invite(at, rep.id);
    await submit(at, own, { listening: 2 }, { improve: "His bonus depends on this, he said." });
    await submit(at, asked, { listening: 5 }, { improve: "She asked us to give her a good rating." });
    const during = new Date("2023-03-01T08:00:00Z");
    const after = new Date("2023-04-03T08:00:00Z");
    // own carries self_domain and solicited, asked carries solicited: 3 open.
    await expect(Clock.at(during, () => Period.close("2023-Q1", finance, { force: true, reason: "Payroll cut-off" }))).rejects.toMatchObject({
      status: 409,
      code: "open_flags",
      message: expect.stringContaining("3 bias flags are still open"),
    });
    await expect(Clock.at(after, () => Period.close("2023-Q1", finance))).rejects.toMatchObject({ status: 409, code: "open_flags" });

    const [selfDomain, ownSolicited] = await flagsOf("2023-Q1", own.id);
    const [askedFlag] = await flagsOf("2023-Q1", asked.id);
    await Clock.at(after, () => Flag.clear(askedFlag!.id, { note: "The customer says she only asked for an answer." }, finance));
    await expect(Clock.at(after, () => Period.close("2023-Q1", finance))).rejects.toMatchObject({ code: "open_flags", message: expect.stringContaining("2 bias flags are still open") });
    // Voiding own's response through one of its flags decides both of them.
    const voided = await Clock.at(after, () => Flag.voidResponse(selfDomain!.id, { reason: "A colleague answered; not a customer." }, finance));
    expect(voided).toMatchObject({ id: selfDomain!.id, status: "voided", decidedAt: after.toISOString(), decidedBy: finance, note: "A colleague answered; not a customer." });
    expect((await flagsOf("2023-Q1", own.id)).map((f) => [f.id, f.status])).toEqual([
      [selfDomain!.id, "voided"],
      [ownSolicited!.id, "voided"],
    ]);
    expect(await openFlags("2023-Q1")).toBe(0);
    expect(await Clock.at(after, () => Period.close("2023-Q1", finance))).toMatchObject({ version: 1 });
  });
});
