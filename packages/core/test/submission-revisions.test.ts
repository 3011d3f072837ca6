import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { db } from "@rapport/core/db/index";
import { Clock } from "@rapport/core/clock/index";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Response } from "@rapport/core/response/index";
import { Submission } from "@rapport/core/submission/index";
import { aRep } from "../../../test/support/fixtures.ts";
import { invite, NONE, submit, totals } from "../../../test/support/cards.ts";
import { interleaved } from "../../../test/support/interleave.ts";

// How an answered report card changes within its 7 days, counted once (first answers: submission-counting.test.ts).
// Every test counts in a quarter of its own (the clock is set into it), so the totals it reads are its own.
const DAY = 86_400_000;

describe("revising a report card", () => {
  it("moves a revision made after the quarter ended in the quarter the card was counted in", async () => {
    const rep = await aRep();
    const answered = new Date("2024-09-29T10:00:00Z");
    const inv = await invite(answered, rep.id);
    await submit(answered, inv, { listening: 3 });
    // Three days later, in 2024-Q4, the customer changes listening 3 → 5: 2024-Q3 holds n 1, sum 5, squares 25.
    const revised = await submit(new Date("2024-10-02T10:00:00Z"), inv, { listening: 5 });
    expect(revised).toMatchObject({ outcome: "revised", invitation: { period: "2024-Q3" } });
    expect(await totals("2024-Q3", rep.id)).toEqual({ cards: 1, behaviours: { listening: { n: 1, sum: 5, sumsq: 25, low: 0 } } });
    expect(await totals("2024-Q4", rep.id)).toBeUndefined();
    expect((await Response.listForRep(rep.id, "2024-Q4")).items).toEqual([]);
    expect((await Response.listForRep(rep.id, "2024-Q3")).items).toMatchObject([{ invitationId: inv.id, ratings: { listening: 5 }, revisedAt: "2024-10-02T10:00:00.000Z" }]);
  });

  it("moves no number when only the comment is revised, and takes a low rating out when it is raised", async () => {
    const rep = await aRep();
    const at = new Date("2024-08-05T09:00:00Z");
    const inv = await invite(at, rep.id);
    await submit(at, inv, { listening: 2, follow_up: 5 });
    const before = { listening: { n: 1, sum: 2, sumsq: 4, low: 1 }, follow_up: { n: 1, sum: 5, sumsq: 25, low: 0 } };
    expect(await totals("2024-Q3", rep.id)).toEqual({ cards: 1, behaviours: before });

    const improve = "Call me back when you say you will";
    const commented = await submit(new Date(at.getTime() + DAY), inv, { listening: 2, follow_up: 5 }, { improve });
    expect(commented.outcome).toBe("revised");
    expect(await totals("2024-Q3", rep.id)).toEqual({ cards: 1, behaviours: before });
    expect((await Response.listForRep(rep.id, "2024-Q3")).items[0]).toMatchObject({ improve, ratings: { listening: 2, follow_up: 5 } });

    // listening 2 → 4 in a third revision: n 1, sum 4, squares 16, and no longer a low rating.
    const raised = await submit(new Date(at.getTime() + 2 * DAY), inv, { listening: 4, follow_up: 5 }, { improve });
    expect(raised).toMatchObject({ outcome: "revised", invitation: { revision: 3 } });
    expect(await totals("2024-Q3", rep.id)).toEqual({ cards: 1, behaviours: { ...before, listening: { n: 1, sum: 4, sumsq: 16, low: 0 } } });
  });

  it("counts the same answers as unchanged whatever the order of their keys, and an unticked box as a box left alone", async () => {
    const rep = await aRep();
    const at = new Date("2024-11-12T09:00:00Z");
    const inv = await invite(at, rep.id);
    const ratings = { ...NONE, listening: 5, follow_up: 3 };
    await submit(at, inv, ratings);
    const reversed = Object.fromEntries(Object.entries(ratings).reverse()) as typeof ratings;
    const again = await Clock.at(new Date(at.getTime() + 60_000), async () =>
      Submission.submitReportCard(await Submission.open(Invitation.tokenOf(inv.id)), { contactOk: false, shareName: false, ratings: reversed }),
    );
    expect(again.outcome).toBe("unchanged");
    expect((await totals("2024-Q4", rep.id))?.cards).toBe(1);
  });

  it("answers a submission that lost the race to another tab as a revision of the other tab's answers", async () => {
    const rep = await aRep();
    const at = new Date("2023-05-22T09:00:00Z");
    const inv = await invite(at, rep.id);
    const token = Invitation.tokenOf(inv.id);
    const seen = await Clock.at(at, () => Submission.open(token));
    // The other tab's card (listening 2) is written between this tab's read and its write (listening 4).
    const otherTab = () => Clock.at(at, () => Submission.submitReportCard(seen, { ratings: { ...NONE, listening: 2 } }));
    const thisTab = await interleaved("SET #status = :answered", otherTab, () =>
      Clock.at(new Date(at.getTime() + 1000), () => Submission.submitReportCard(seen, { ratings: { ...NONE, listening: 4 } })),
    );
    expect(thisTab).toMatchObject({ outcome: "revised", invitation: { revision: 2, answeredAt: at.toISOString() } });
    // One card: listening 4 (n 1, sum 4, squares 16).
    expect(await totals("2023-Q2", rep.id)).toEqual({ cards: 1, behaviours: { listening: { n: 1, sum: 4, sumsq: 16, low: 0 } } });
  });

  it("asks the customer to reload (409 busy) when every write of theirs loses a race, and counts nothing", async () => {
    const rep = await aRep();
    const at = new Date("2023-02-06T09:00:00Z");
    const inv = await invite(at, rep.id);
    const client = db();
    const send = client.send.bind(client);
    const mock = mockClient(client);
    mock.send.callThrough();
    mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      if (!input.TransactItems!.some((item) => item.Update?.UpdateExpression?.startsWith("SET #status = :answered"))) return send(new TransactWriteCommand(input));
      throw new TransactionCanceledException({
        message: "Transaction cancelled",
        $metadata: {},
        CancellationReasons: input.TransactItems!.map((_, i) => ({ Code: i === 0 ? "ConditionalCheckFailed" : "None" })),
      });
    });
    try {
      await expect(submit(at, inv, { listening: 5 })).rejects.toMatchObject({
        status: 409,
        code: "busy",
        message: "Your answers are being saved from another window; reload the page to see them.",
      });
    } finally {
      mock.restore();
    }
    expect(await totals("2023-Q1", rep.id)).toBeUndefined();
    expect(Submission.stateOf(await Invitation.mustGet(inv.id), at)).toBe("open");
  });
});

describe("when an answered card may still change", () => {
  const answeredAt = "2024-03-01T12:00:00.000Z";
  const card = { answeredAt, expiresAt: "2024-03-20T12:00:00.000Z" } as InvitationRecord;
  const at = (ms: number) => new Date(Date.parse(answeredAt) + ms);

  it("is revisable for exactly 7 days after the first answer, then final", () => {
    expect(Submission.stateOf(card, at(7 * DAY))).toBe("revisable");
    expect(Submission.stateOf(card, at(7 * DAY + 1))).toBe("final");
    // Answered cards never expire: the link's expiry only closes unanswered invitations.
    expect(Submission.stateOf(card, at(0))).toBe("revisable");
  });

  it("is open until the instant the unanswered invitation expires", () => {
    const open = { expiresAt: "2024-03-20T12:00:00.000Z" } as InvitationRecord;
    expect(Submission.stateOf(open, new Date(Date.parse(open.expiresAt) - 1))).toBe("open");
    expect(Submission.stateOf(open, new Date(open.expiresAt))).toBe("expired");
  });

  it("is final once voided", () => {
    expect(Submission.stateOf({ ...card, voidedAt: answeredAt }, at(1))).toBe("final");
  });

  it("refuses a revision read before its card was voided, leaving the voided card's numbers out exactly once", async () => {
    const rep = await aRep();
    const answered = new Date("2024-10-08T09:00:00.000Z");
    const inv = await invite(answered, rep.id);
    await submit(answered, inv, { listening: 4 });
    // The customer's second tab read the card before finance voided it; its revision lands after the void.
    const stale = await Clock.at(new Date(answered.getTime() + 60_000), () => Submission.open(Invitation.tokenOf(inv.id)));
    await Clock.at(new Date(answered.getTime() + 120_000), () => Response.voidReportCard(inv.id, "a colleague answered", { kind: "cli", id: "test" }));
    const late = Clock.at(new Date(answered.getTime() + 180_000), () => Submission.submitReportCard(stale, { ratings: { ...NONE, listening: 2, follow_up: 5 } }));
    await expect(late).rejects.toMatchObject({ code: "already_final" });
    // The void took the card and its 4 out; the refused revision moved nothing (no −1 card, no −4 a second time).
    expect(await totals("2024-Q4", rep.id)).toEqual({ cards: 0, behaviours: { listening: { n: 0, sum: 0, sumsq: 0, low: 0 } } });
  });

  it("takes a revision up to the last instant of the 7 days, and none after it", async () => {
    const rep = await aRep();
    const answered = new Date("2024-07-08T09:00:00.000Z");
    const inv = await invite(answered, rep.id);
    await submit(answered, inv, { listening: 4 });
    await submit(new Date(answered.getTime() + DAY), inv, { listening: 2 });
    const last = new Date(answered.getTime() + 7 * DAY);
    const revised = await submit(last, inv, { listening: 5 });
    expect(revised).toMatchObject({ outcome: "revised", invitation: { revision: 3 } });
    expect(Submission.resultOf(revised)).toEqual({
      invitationId: inv.id,
      kind: "report-card",
      outcome: "revised",
      answeredAt: "2024-07-08T09:00:00.000Z",
      revisableUntil: "2024-07-15T09:00:00.000Z",
    });
    await expect(submit(new Date(last.getTime() + 1), inv, { listening: 1 })).rejects.toMatchObject({ status: 409, code: "already_final" });
    // The last revision counts: listening 5, n 1, sum 5, squares 25.
    expect(await totals("2024-Q3", rep.id)).toEqual({ cards: 1, behaviours: { listening: { n: 1, sum: 5, sumsq: 25, low: 0 } } });
  });
});
