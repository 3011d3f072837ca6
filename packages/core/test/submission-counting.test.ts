import { describe, expect, it } from "vitest";
import { Audit } from "@rapport/core/audit/index";
import { Customer } from "@rapport/core/customer/index";
import { Clock } from "@rapport/core/clock/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Response } from "@rapport/core/response/index";
import { Submission } from "@rapport/core/submission/index";
import { Period } from "@rapport/core/period/index";
import { BonusInputs } from "@rapport/core/bonus/index";
import { aRep } from "../../../test/support/fixtures.ts";
import { allTotals, invite, NONE, submit, totals } from "../../../test/support/cards.ts";
import { interleaved } from "../../../test/support/interleave.ts";

// Every test counts in a quarter of its own (the clock is set into it), so the totals it reads are its own.
const cli = { kind: "cli", id: "test" } as const;
const DAY = 86_400_000;

describe("counting report cards", () => {
  it("adds each numeric rating to the rep's totals for the period and leaves 'not applicable' out", async () => {
    const rep = await aRep();
    const at = new Date("2024-02-10T10:00:00Z");
    await submit(at, await invite(at, rep.id), { listening: 5, follow_up: 3 });
    await submit(at, await invite(at, rep.id), { listening: 3, follow_up: 4, proactive: 2 });
    // listening 5, 3: n 2, sum 8, sum of squares 25 + 9 = 34, no low rating.
    // follow_up 3, 4: n 2, sum 7, squares 9 + 16 = 25. proactive 2: n 1, sum 2, squares 4, one low rating (1 or 2).
    expect(await totals("2024-Q1", rep.id)).toEqual({
      cards: 2,
      behaviours: {
        listening: { n: 2, sum: 8, sumsq: 34, low: 0 },
        follow_up: { n: 2, sum: 7, sumsq: 25, low: 0 },
        proactive: { n: 1, sum: 2, sumsq: 4, low: 1 },
      },
    });
  });

  it("counts a card submitted twice with the same answers once, and a changed one as a revision of the same card", async () => {
    const rep = await aRep();
    const at = new Date("2024-05-06T09:00:00Z");
    const inv = await invite(at, rep.id);
    expect((await submit(at, inv, { listening: 4, follow_up: 1 })).outcome).toBe("recorded");
    expect((await submit(new Date(at.getTime() + 60_000), inv, { listening: 4, follow_up: 1 })).outcome).toBe("unchanged");
    // listening 4 → 2 (now a low rating), follow_up 1 → "na" (no longer counted), advocacy "na" → 5.
    const revised = await submit(new Date(at.getTime() + 2 * DAY), inv, { listening: 2, advocacy: 5 });
    expect(revised.outcome).toBe("revised");
    expect(revised.invitation).toMatchObject({ revision: 2, status: "answered", answeredAt: at.toISOString(), revisedAt: new Date(at.getTime() + 2 * DAY).toISOString() });
    expect(await totals("2024-Q2", rep.id)).toEqual({
      cards: 1,
      behaviours: {
        listening: { n: 1, sum: 2, sumsq: 4, low: 1 },
        follow_up: { n: 0, sum: 0, sumsq: 0, low: 0 },
        advocacy: { n: 1, sum: 5, sumsq: 25, low: 0 },
      },
    });
    // The card moved from the set it first rated (follow_up, listening) to the one it rates now: only that one holds it.
    expect((await allTotals("2024-Q2", rep.id))?.sets).toEqual({ "advocacy+listening": 1 });
    const stored = await Response.listForRep(rep.id, "2024-Q2");
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0]).toMatchObject({ answeredAt: at.toISOString(), revisedAt: new Date(at.getTime() + 2 * DAY).toISOString(), ratings: { listening: 2, follow_up: "na", advocacy: 5 } });
  });

  it("stores the mean of the numeric ratings as the response's score, and the customer's name only when shared", async () => {
    const rep = await aRep();
    const at = new Date("2023-11-20T12:00:00Z");
    const named = await invite(at, rep.id);
    const quiet = await invite(at, rep.id);
    await submit(at, named, { listening: 5, follow_up: 4 }, { shareName: true, improve: "Call back when you promise to" });
    await submit(new Date(at.getTime() + 1000), quiet, {}, { shareName: false });
    const { items } = await Response.listForRep(rep.id, "2023-Q4");
    // Newest first, for the dashboard's comments.
    expect(items.map((r) => r.invitationId)).toEqual([quiet.id, named.id]);
    const byId = new Map(items.map((r) => [r.invitationId, r]));
    // (5 + 4) / 2 = 4.5; a card with every behaviour "not applicable" has no score.
    expect(byId.get(named.id)).toMatchObject({ repScore: 4.5, shareName: true, customerName: named.customerName, period: "2023-Q4", improve: "Call back when you promise to" });
    expect(byId.get(quiet.id)).toMatchObject({ repScore: null, shareName: false });
    expect(byId.get(quiet.id)).not.toHaveProperty("customerName");
    expect(byId.get(quiet.id)).not.toHaveProperty("improve");
    // A card with no numeric rating still counts as a card, and adds nothing to any behaviour.
    expect((await totals("2023-Q4", rep.id))?.cards).toBe(2);
  });

  it("counts a card answered after its period was closed in the next open period, and leaves the closed numbers alone", async () => {
    const rep = await aRep();
    const inv = await invite(new Date("2022-05-01T08:00:00Z"), rep.id);
    await Clock.at(new Date("2022-05-02T08:00:00Z"), () => Period.close("2022-Q2", cli, { force: true, reason: "Payroll cut-off" }));
    const late = await submit(new Date("2022-05-03T08:00:00Z"), inv, { listening: 5 });
    expect(late.outcome).toBe("recorded");
    expect(late.invitation.period).toBe("2022-Q3");
    expect(await totals("2022-Q2", rep.id)).toBeUndefined();
    expect(await totals("2022-Q3", rep.id)).toEqual({ cards: 1, behaviours: { listening: { n: 1, sum: 5, sumsq: 25, low: 0 } } });
    expect((await Response.listForRep(rep.id, "2022-Q3")).items.map((r) => r.invitationId)).toEqual([inv.id]);
    expect((await BonusInputs.forPeriod("2022-Q2")).rows.find((r) => r.repId === rep.id)).toMatchObject({ responses: 0 });
  });

  it("refuses to revise a card counted in a closed period and keeps its first answers", async () => {
    const rep = await aRep();
    const at = new Date("2022-08-01T08:00:00Z");
    const inv = await invite(at, rep.id);
    await submit(at, inv, { listening: 4 });
    await Clock.at(new Date("2022-08-02T08:00:00Z"), () => Period.close("2022-Q3", cli, { force: true, reason: "Payroll cut-off" }));
    await expect(submit(new Date("2022-08-03T08:00:00Z"), inv, { listening: 1 })).rejects.toMatchObject({
      status: 409,
      code: "period_closed",
      message: "Your answers were already counted in a closed period and can no longer be changed.",
    });
    expect(await totals("2022-Q3", rep.id)).toEqual({ cards: 1, behaviours: { listening: { n: 1, sum: 4, sumsq: 16, low: 0 } } });
    expect((await Invitation.mustGet(inv.id)).answers).toMatchObject({ ratings: { listening: 4 } });
  });

  it("refuses a report card on an onboarding link and an answer after the link expired", async () => {
    const rep = await aRep();
    const at = new Date("2021-03-01T08:00:00Z");
    const onboarding = await invite(at, rep.id, "onboarding");
    await expect(Clock.at(at, () => Submission.submitReportCard(onboarding, { ratings: { ...NONE, listening: 5 } }))).rejects.toMatchObject({ status: 400, code: "wrong_form" });
    const inv = await invite(at, rep.id);
    // An invitation expires 30 days after it is created.
    const expired = new Date(at.getTime() + 30 * DAY);
    await expect(submit(expired, inv, { listening: 5 })).rejects.toMatchObject({ status: 410, code: "expired_link" });
    await expect(Clock.at(expired, () => Submission.submitReportCard(inv, { ratings: { ...NONE, listening: 5 } }))).rejects.toMatchObject({ status: 410, code: "expired_link" });
    await expect(Submission.open("x".repeat(43))).rejects.toMatchObject({
      status: 404,
      code: "unknown_link",
      message: "This link is not valid. Please use the most recent email we sent you.",
    });
    expect(await totals("2021-Q1", rep.id)).toBeUndefined();
  });

  it("stores the consents as given (unticked when left out), and what the customer shares about themselves with the customer", async () => {
    const rep = await aRep();
    const at = new Date("2023-08-14T09:00:00Z");
    const poor = await invite(at, rep.id);
    const fine = await invite(at, rep.id);
    const aboutMe = "I coach my daughter's football team on Saturdays";
    const first = await submit(at, poor, { listening: 1 }, { contactOk: true, aboutMe });
    await submit(at, fine, { listening: 4 });
    // A first answer is not a revision; a rating of 1 opens a recovery case, which the invitation names.
    expect(first.outcome).toBe("recorded");
    expect(first.invitation).not.toHaveProperty("revisedAt");
    expect(first.invitation.recoveryId).toEqual(expect.any(String));
    // The answers the link shows again when the customer comes back to revise.
    expect(await Invitation.mustGet(poor.id)).toMatchObject({
      recoveryId: first.invitation.recoveryId,
      answers: { ratings: { ...NONE, listening: 1 }, aboutMe, shareName: false, contactOk: true },
    });
    expect((await Invitation.mustGet(fine.id)).answers).toEqual({ ratings: { ...NONE, listening: 4 }, shareName: false, contactOk: false });
    expect((await Invitation.mustGet(fine.id)).recoveryId).toBeUndefined();

    const byId = new Map((await Response.listForRep(rep.id, "2023-Q3")).items.map((r) => [r.invitationId, r]));
    expect(byId.get(poor.id)).toMatchObject({ contactOk: true, shareName: false, answeredAt: at.toISOString() });
    expect(byId.get(fine.id)).toMatchObject({ contactOk: false, shareName: false });
    for (const r of byId.values()) {
      expect(r).not.toHaveProperty("revisedAt");
      expect(r).not.toHaveProperty("customerName");
    }
    expect(await Customer.get(poor.customerId)).toMatchObject({ aboutMe, aboutMeAt: at.toISOString(), aboutMeInvitationId: poor.id });
    expect(await Customer.get(fine.customerId)).not.toHaveProperty("aboutMe");
  });

  it("refuses a form's answers on the other form's link, naming the form the link is for", async () => {
    const rep = await aRep();
    const at = new Date("2021-04-05T08:00:00Z");
    const card = await invite(at, rep.id);
    const onboarding = await invite(at, rep.id, "onboarding");
    const preferences = { channel: "email", timezone: "Europe/Paris", cadence: "weekly", responseTime: "4h" } as const;
    await expect(Clock.at(at, () => Submission.submitOnboarding(card, preferences))).rejects.toMatchObject({ status: 400, code: "wrong_form", message: "This link is for the report card." });
    await expect(Clock.at(at, () => Submission.submitReportCard(onboarding, { ratings: { listening: 5 } }))).rejects.toMatchObject({
      status: 400,
      code: "wrong_form",
      message: "This link is for the onboarding form.",
    });
    expect((await Invitation.mustGet(card.id)).answeredAt).toBeUndefined();
    expect((await Invitation.mustGet(onboarding.id)).answeredAt).toBeUndefined();
  });

  it("refuses an expired or final link before reading the answers, and names each wrong answer on an open one", async () => {
    const rep = await aRep();
    const at = new Date("2021-06-07T08:00:00Z");
    const open = await invite(at, rep.id);
    await expect(Clock.at(at, () => Submission.submit(open, { ratings: { listening: 7 }, shareName: "maybe" }))).rejects.toMatchObject({
      status: 400,
      code: "invalid_input",
      message: "Invalid ratings.listening, shareName.",
      fields: { "ratings.listening": expect.any(String), shareName: expect.any(String) },
    });
    const expiredAt = new Date(at.getTime() + 30 * DAY);
    await expect(Clock.at(expiredAt, () => Submission.submit(open, {}))).rejects.toMatchObject({ status: 410, code: "expired_link", message: "This link has expired." });
    await expect(Clock.at(expiredAt, () => Submission.open(Invitation.tokenOf(open.id)))).rejects.toMatchObject({ status: 410, message: "This link has expired." });

    const answered = await invite(at, rep.id);
    const { invitation } = await submit(at, answered, { listening: 4 });
    await expect(Clock.at(new Date(at.getTime() + 8 * DAY), () => Submission.submit(invitation, {}))).rejects.toMatchObject({
      status: 409,
      code: "already_final",
      message: "Your answers were received and can no longer be changed.",
    });
    expect(await totals("2021-Q2", rep.id)).toEqual({ cards: 1, behaviours: { listening: { n: 1, sum: 4, sumsq: 16, low: 0 } } });
  });
});

describe("voiding a report card", () => {
  it("takes exactly its card and ratings out of the rep's totals", async () => {
    const rep = await aRep();
    const at = new Date("2021-05-10T08:00:00Z");
    const kept = await invite(at, rep.id);
    const abusive = await invite(at, rep.id);
    await submit(at, kept, { listening: 4, follow_up: 5 });
    await submit(at, abusive, { listening: 1, follow_up: 2 });
    const voided = await Clock.at(new Date(at.getTime() + DAY), () => Response.voidReportCard(abusive.id, "Not a customer", cli));
    expect(voided).toMatchObject({ invitationId: abusive.id, period: "2021-Q2" });
    // Left: listening 4 (n 1, sum 4, squares 16), follow_up 5 (n 1, sum 5, squares 25); the two low ratings are gone.
    expect(await totals("2021-Q2", rep.id)).toEqual({
      cards: 1,
      behaviours: { listening: { n: 1, sum: 4, sumsq: 16, low: 0 }, follow_up: { n: 1, sum: 5, sumsq: 25, low: 0 } },
    });
    const stored = (await Response.listForRep(rep.id, "2021-Q2")).items.find((r) => r.invitationId === abusive.id);
    expect(stored?.voidedAt).toBe(voided.voidedAt);
    await expect(Response.voidReportCard(abusive.id, "again", cli)).rejects.toMatchObject({
      status: 409,
      code: "already_voided",
      message: `This report card was voided on ${voided.voidedAt}.`,
    });
    expect((await totals("2021-Q2", rep.id))?.cards).toBe(1);
  });

  it("refuses an unanswered card, and a card whose period is closed", async () => {
    const rep = await aRep();
    const at = new Date("2021-08-10T08:00:00Z");
    const unanswered = await invite(at, rep.id);
    await expect(Response.voidReportCard(unanswered.id, "spam", cli)).rejects.toMatchObject({ status: 409, code: "not_answered", message: "Only an answered report card can be voided." });
    const inv = await invite(at, rep.id);
    await submit(at, inv, { listening: 1 });
    await Clock.at(new Date("2021-08-11T08:00:00Z"), () => Period.close("2021-Q3", cli, { force: true, reason: "Payroll cut-off" }));
    await expect(Clock.at(new Date("2021-08-12T08:00:00Z"), () => Response.voidReportCard(inv.id, "spam", cli))).rejects.toMatchObject({
      status: 409,
      code: "period_closed",
      message: "Period 2021-Q3 is closed; reopen it before voiding one of its report cards.",
    });
    expect(await totals("2021-Q3", rep.id)).toEqual({ cards: 1, behaviours: { listening: { n: 1, sum: 1, sumsq: 1, low: 1 } } });
  });

  it("voids a revised card as last revised, once, when a second void lands between its read and its write", async () => {
    const rep = await aRep();
    const at = new Date("2021-11-08T08:00:00Z");
    const kept = await invite(at, rep.id);
    const abusive = await invite(at, rep.id);
    await submit(at, kept, { listening: 5 });
    await submit(at, abusive, { listening: 1 });
    await submit(new Date(at.getTime() + DAY), abusive, { listening: 2, follow_up: 1 });
    const other = () => Clock.at(new Date(at.getTime() + 2 * DAY), () => Response.voidReportCard(abusive.id, "Competitor posing as a customer", cli));
    await expect(
      interleaved("SET voidedAt", other, () => Clock.at(new Date(at.getTime() + 2 * DAY + 1000), () => Response.voidReportCard(abusive.id, "Same, from another tab", cli))),
    ).rejects.toMatchObject({ status: 409, code: "changed", message: "The report card changed while it was being voided; try again." });
    // Left: the kept card's listening 5 (n 1, sum 5, squares 25); the revised card's listening 2 and follow_up 1 are gone.
    expect(await totals("2021-Q4", rep.id)).toEqual({
      cards: 1,
      behaviours: { listening: { n: 1, sum: 5, sumsq: 25, low: 0 }, follow_up: { n: 0, sum: 0, sumsq: 0, low: 0 } },
    });
    const voids = (await Audit.forEntity(abusive.id)).items.filter((e) => e.action === "response.void");
    expect(voids).toEqual([
      expect.objectContaining({
        actor: cli,
        detail: { reason: "Competitor posing as a customer", repId: rep.id, period: "2021-Q4", ratings: { ...NONE, listening: 2, follow_up: 1 } },
      }),
    ]);
  });
});
