import { beforeAll, describe, expect, it } from "vitest";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { Clock } from "@rapport/core/clock/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Response } from "@rapport/core/response/index";
import { Submission } from "@rapport/core/submission/index";
import { aggregateKeys } from "@rapport/core/aggregate/keys";
import { periodOf } from "@rapport/core/period/index";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";
import { header, onlyEmail, surveyLink } from "../../../test/support/inbox.ts";

const admin = { kind: "cli", id: "test" } as const;

async function aggregate(repId: string, period = periodOf(new Date())) {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: aggregateKeys.rep(period, repId), ConsistentRead: true }));
  return result.Item ?? {};
}

const ratings = (values: Record<string, number | "na">) => ({
  listening: 3,
  follow_up: 3,
  proactive: 3,
  reachability: 3,
  advocacy: 3,
  customer_first: 3,
  ...values,
});

async function invited() {
  const rep = await aRep();
  const customer = await aCustomer(rep.id);
  const invitation = await Invitation.send({ customerId: customer.id, kind: "report-card" }, admin);
  const email = await onlyEmail(customer.email);
  const token = surveyLink(email).split("/s/")[1]!;
  return { rep, customer, invitation, email, token };
}

describe("report cards", () => {
  let ctx: Awaited<ReturnType<typeof invited>>;
  beforeAll(async () => {
    ctx = await invited();
  });

  it("emails the invitation with a one-click rating row and the RFC 8058 headers", async () => {
    expect(ctx.invitation.status).toBe("sent");
    expect(ctx.invitation.messageId).toBe(ctx.email.messageId);
    expect(ctx.email.subject).toBe(`How is ${ctx.rep.name} doing for you?`);
    for (const score of [1, 2, 3, 4, 5]) expect(surveyLink(ctx.email, score)).toContain(`?score=${score}`);
    expect(header(ctx.email, "List-Unsubscribe")).toMatch(/^<http:\/\/rapport\.test\/u\/[\w-]+>$/);
    expect(header(ctx.email, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(ctx.email.body.html).toContain("Unsubscribe</a>");
    expect(ctx.token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(ctx.token).not.toContain(ctx.invitation.id);
  });

  it("counts a double-submitted report card once", async () => {
    const { rep, token } = await invited();
    const inv = await Submission.open(token);
    const answers = { ratings: ratings({ listening: 5, customer_first: "na" }) };
    const first = await Submission.submitReportCard(inv, answers);
    const second = await Submission.submitReportCard(await Submission.open(token), answers);
    expect(first.outcome).toBe("recorded");
    expect(second.outcome).toBe("unchanged");
    const agg = await aggregate(rep.id);
    expect(agg.cards).toBe(1);
    expect(agg).toMatchObject({ n_listening: 1, s_listening: 5, q_listening: 25, n_follow_up: 1, s_follow_up: 3, q_follow_up: 9 });
    expect(agg.n_customer_first).toBeUndefined();
  });

  it("counts 20 concurrent submissions of one token once", async () => {
    const { rep, token } = await invited();
    const inv = await Submission.open(token);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => Submission.submitReportCard(inv, { ratings: ratings({ listening: 4 }) })),
    );
    const outcomes = results.map((r) => (r.status === "fulfilled" ? r.value.outcome : "rejected"));
    expect(outcomes.filter((o) => o === "recorded")).toHaveLength(1);
    const agg = await aggregate(rep.id);
    expect(agg.cards).toBe(1);
    expect(agg).toMatchObject({ n_listening: 1, s_listening: 4, q_listening: 16 });
  });

  it("counts 50 cards that reach one rep at once, each once, into the rep's totals", async () => {
    // Every card adds to the same rep's counters. DynamoDB Local seldom reports a conflict in-process, so
    // the retry of a conflict is proved in conditional-write.test.ts; this guards the counting under load.
    const rep = await aRep();
    const tokens = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const customer = await aCustomer(rep.id);
        const invitation = await Invitation.send({ customerId: customer.id, kind: "report-card" }, admin);
        return Invitation.tokenOf(invitation.id);
      }),
    );
    const opened = await Promise.all(tokens.map((token) => Submission.open(token)));
    const results = await Promise.allSettled(opened.map((inv, i) => Submission.submitReportCard(inv, { ratings: ratings({ listening: 1 + (i % 5) }) })));
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<{ outcome: string }>).value.outcome)).toEqual(Array(50).fill("recorded"));
    // listening cycles 1..5 ten times: n 50, sum 10 × 15 = 150, sum of squares 10 × (1+4+9+16+25) = 550.
    expect(await aggregate(rep.id)).toMatchObject({ cards: 50, n_listening: 50, s_listening: 150, q_listening: 550 });
  }, 120_000);

  it("moves the aggregates exactly when the customer revises within 7 days", async () => {
    const { rep, token } = await invited();
    const start = new Date();
    await Submission.submitReportCard(await Submission.open(token), { ratings: ratings({ listening: 2, proactive: "na" }) });
    const later = new Date(start.getTime() + 6 * 86_400_000);
    const revised = await Clock.at(later, async () =>
      Submission.submitReportCard(await Submission.open(token), { ratings: ratings({ listening: 5, proactive: 4, advocacy: "na" }) }),
    );
    expect(revised.outcome).toBe("revised");
    const agg = await aggregate(rep.id, periodOf(start));
    // listening 2 → 5: n 1, sum 5, sumsq 25. proactive na → 4: n 1, sum 4, sumsq 16. advocacy 3 → na: n 0, sum 0, sumsq 0.
    expect(agg).toMatchObject({ cards: 1, n_listening: 1, s_listening: 5, q_listening: 25, n_proactive: 1, s_proactive: 4, q_proactive: 16, n_advocacy: 0, s_advocacy: 0, q_advocacy: 0 });
    expect(agg).toMatchObject({ n_follow_up: 1, s_follow_up: 3, q_follow_up: 9 });
    // The revision replaces the stored response; it does not add a second one.
    const stored = await Response.listForRep(rep.id, periodOf(start));
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0]!.ratings).toMatchObject({ listening: 5, proactive: 4, advocacy: "na" });
  });

  it("refuses a revision after 7 days and keeps the first answers", async () => {
    const { rep, token } = await invited();
    const start = new Date();
    await Submission.submitReportCard(await Submission.open(token), { ratings: ratings({ listening: 1 }) });
    const tooLate = new Date(start.getTime() + 8 * 86_400_000);
    await expect(
      Clock.at(tooLate, async () => Submission.submitReportCard(await Submission.open(token), { ratings: ratings({ listening: 5 }) })),
    ).rejects.toMatchObject({ code: "already_final", status: 409 });
    expect(await aggregate(rep.id, periodOf(start))).toMatchObject({ cards: 1, s_listening: 1 });
  });

  it("freezes the rep at send time", async () => {
    const { invitation, rep } = await invited();
    expect(invitation.repId).toBe(rep.id);
    expect(invitation.repName).toBe(rep.name);
  });
});
