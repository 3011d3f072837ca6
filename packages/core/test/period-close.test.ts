import { describe, expect, it } from "vitest";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { Clock } from "@rapport/core/clock/index";
import { Audit } from "@rapport/core/audit/index";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Submission } from "@rapport/core/submission/index";
import { BonusInputs, type BonusRow } from "@rapport/core/bonus/index";
import { Plan } from "@rapport/core/plan/index";
import { Period } from "@rapport/core/period/index";
import { periodKeys } from "@rapport/core/period/keys";
import { repKeys } from "@rapport/core/rep/keys";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";
import { interleaved, stopped } from "../../../test/support/interleave.ts";

// Every test closes a quarter of its own; the clock is set to the instants the story needs.
const cli = { kind: "cli", id: "test" } as const;
const finance = { kind: "api-key", id: "key_finance" } as const;
const NONE = { listening: "na", follow_up: "na", proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" } as const;

async function card(at: Date, repId: string, ratings: Record<string, number>): Promise<InvitationRecord> {
  return Clock.at(at, async () => {
    const customer = await aCustomer(repId);
    const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli);
    if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
    await Submission.submitReportCard(created.invitation, { ratings: { ...NONE, ...ratings } });
    return created.invitation;
  });
}

/** The transaction that writes a close's SHA-256 (the last step of a close). */
const SNAPSHOT = "SET sha256";

const closes = async (period: string) => (await Audit.forEntity(`period_${period}`)).items.filter((e) => e.action === "period.close");

const rowOf = (rows: BonusRow[], repId: string) => rows.find((r) => r.repId === repId);

function expectRow(row: BonusRow | undefined, want: Partial<Record<keyof BonusRow, number | boolean | null>>) {
  expect(row).toBeDefined();
  for (const [key, value] of Object.entries(want)) {
    if (typeof value === "number") expect(row![key as keyof BonusRow] as number, key).toBeCloseTo(value, 9);
    else expect(row![key as keyof BonusRow], key).toBe(value);
  }
}

describe("closing a period", () => {
  it("freezes the hand-computed bonus rows, which stay the same when the plan changes later", async () => {
    const plan = await Plan.create(
      {
        ...Plan.defaultPlan("2018-01-01"),
        behaviourWeights: {},
        minResponses: 2,
        k: 2,
        fallbackFactor: 0.9,
      },
      cli,
    );
    const x = await aRep();
    const y = await aRep();
    const quiet = await aRep();
    const at = new Date("2019-05-15T10:00:00Z");
    await card(at, x.id, { listening: 5, follow_up: 4 });
    await card(at, x.id, { listening: 4, follow_up: 4 });
    await card(at, x.id, { listening: 5, follow_up: 5 });
    await card(at, y.id, { listening: 3, follow_up: 2 });

    // Pooled: listening n 4, sum 17 (mean 4.25); follow_up n 4, sum 15 (mean 3.75); prior = (4.25 + 3.75)/2 = 4.0.
    // Plan started 2018-01-01: 2019-Q2 is plan year 2, weight 0.20 + 0.05 = 0.25. k = 2, minimum 2 cards.
    const expected = {
      // raw (14/3 + 13/3)/2 = 4.5; adjusted (3·4.5 + 2·4)/5 = 4.3.
      // v_listening = (66 − 3·(14/3)²)/2 = 1/3, v_follow_up = (57 − 3·(13/3)²)/2 = 1/3;
      // SE² = (3/5)²·(¼·(1/3)/3 + ¼·(1/3)/3) = 0.36·(1/18) = 0.02; 1.645·√0.02 = 0.2326381314.
      // factor at 4.3: 1 + 0.25·(0.3/0.5) = 1.15; share 0.25·1.15 = 0.2875.
      x: { responses: 3, rawScore: 4.5, adjustedScore: 4.3, ciLow: 4.0673618686, ciHigh: 4.5326381314, eligible: true, weight: 0.25, payoutFactor: 1.15, bonusShare: 0.2875 },
      // raw (3 + 2)/2 = 2.5; adjusted (1·2.5 + 2·4)/3 = 3.5; one rating per behaviour, so no spread: [3.5, 3.5].
      // 1 card < 2: fallback factor 0.9; share 0.25·0.9 = 0.225.
      y: { responses: 1, rawScore: 2.5, adjustedScore: 3.5, ciLow: 3.5, ciHigh: 3.5, eligible: false, weight: 0.25, payoutFactor: 0.9, bonusShare: 0.225 },
      // No cards: no raw score, the prior as adjusted score, fallback 0.9.
      quiet: { responses: 0, rawScore: null, adjustedScore: 4, ciLow: 4, ciHigh: 4, eligible: false, weight: 0.25, payoutFactor: 0.9, bonusShare: 0.225 },
    };
    const live = await BonusInputs.forPeriod("2019-Q2");
    expect(live).toMatchObject({ period: "2019-Q2", planVersion: plan.version, locked: false });
    expect(live.snapshot).toBeUndefined();
    expectRow(rowOf(live.rows, x.id), expected.x);
    expectRow(rowOf(live.rows, y.id), expected.y);
    expectRow(rowOf(live.rows, quiet.id), expected.quiet);
    expect(rowOf(live.rows, x.id)).toMatchObject({ repEmail: x.email, repName: x.name, team: x.team ?? null });
    expect(live.rows.map((r) => r.repId)).toEqual([...live.rows.map((r) => r.repId)].sort());

    // The quarter ended on 30 June: it closes without force.
    const closedAt = new Date("2019-07-02T09:00:00Z");
    const closed = await Clock.at(closedAt, () => Period.close("2019-Q2", finance));
    expect(closed).toEqual({ version: 1, sha256: BonusInputs.hashRows(live.rows), closedAt: closedAt.toISOString() });

    // The plan changes afterwards: the closed period keeps the numbers and the plan version it was closed with.
    await Plan.create({ ...Plan.defaultPlan("2018-01-01"), behaviourWeights: {}, minResponses: 1, k: 0, fallbackFactor: 2 }, cli);
    const frozen = await BonusInputs.forPeriod("2019-Q2");
    expect(frozen).toEqual({ period: "2019-Q2", planVersion: plan.version, locked: true, snapshot: closed, rows: live.rows });
    expect(await BonusInputs.lockedRow("2019-Q2", y.id)).toEqual({ planVersion: plan.version, row: rowOf(live.rows, y.id) });

    const [entry, ...others] = (await Audit.forEntity("period_2019-Q2")).items;
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ action: "period.close", actor: finance, detail: { version: 1, sha256: closed.sha256, planVersion: plan.version, rows: live.rows.length } });
    expect(entry!.detail).not.toHaveProperty("forced");
  });

  it("refuses a period that has not started, and one that has not ended unless forced with a reason", async () => {
    const during = new Date("2018-05-10T08:00:00Z");
    const close = (period: string, options?: { force?: boolean; reason?: string }) => Clock.at(during, () => Period.close(period, finance, options));
    await expect(close("2018-Q3")).rejects.toMatchObject({ status: 400, code: "future_period" });
    await expect(close("2018-Q2")).rejects.toMatchObject({ status: 409, code: "period_not_ended" });
    await expect(close("2018-Q2", { force: true })).rejects.toMatchObject({ status: 409, code: "period_not_ended" });
    await expect(close("2018-Q2", { reason: "Payroll cut-off" })).rejects.toMatchObject({ status: 409, code: "period_not_ended" });
    expect((await BonusInputs.forPeriod("2018-Q2")).locked).toBe(false);

    const closed = await close("2018-Q2", { force: true, reason: "Payroll cut-off" });
    expect(closed).toMatchObject({ version: 1, closedAt: during.toISOString() });
    const [entry] = (await Audit.forEntity("period_2018-Q2")).items;
    expect(entry!.detail).toMatchObject({ forced: true, reason: "Payroll cut-off" });
    await expect(close("2018-Q2", { force: true, reason: "again" })).rejects.toMatchObject({ status: 409, code: "already_closed" });
  });

  it("reopens with a reason: the numbers move again, and the next close is version 2 beside the readable version 1", async () => {
    const rep = await aRep();
    const inv = await card(new Date("2017-03-30T10:00:00Z"), rep.id, { listening: 2 });
    await expect(Clock.at(new Date("2017-04-01T08:00:00Z"), () => Period.reopen("2017-Q1", "nothing to reopen", finance))).rejects.toMatchObject({
      status: 409,
      code: "not_closed",
    });
    const v1 = await Clock.at(new Date("2017-04-02T08:00:00Z"), () => Period.close("2017-Q1", finance));
    const reopened = await Clock.at(new Date("2017-04-03T08:00:00Z"), () => Period.reopen("2017-Q1", "A card was revised late", finance));
    expect(reopened).toEqual({ period: "2017-Q1", reopenedAt: "2017-04-03T08:00:00.000Z", previousVersion: 1 });
    expect((await BonusInputs.forPeriod("2017-Q1")).locked).toBe(false);

    // Within its 7 days the customer revises the card (listening 2 → 4): it is counted in the reopened period.
    const revised = await Clock.at(new Date("2017-04-04T08:00:00Z"), async () =>
      Submission.submitReportCard(await Submission.open(Invitation.tokenOf(inv.id)), { ratings: { ...NONE, listening: 4 } }),
    );
    expect(revised.outcome).toBe("revised");
    expect(rowOf((await BonusInputs.forPeriod("2017-Q1")).rows, rep.id)).toMatchObject({ responses: 1, rawScore: 4 });

    const v2 = await Clock.at(new Date("2017-04-05T08:00:00Z"), () => Period.close("2017-Q1", finance));
    expect(v2.version).toBe(2);
    expect(v2.sha256).not.toBe(v1.sha256);
    const first = await BonusInputs.forPeriod("2017-Q1", 1);
    expect(first).toMatchObject({ locked: false, snapshot: v1 });
    expect(rowOf(first.rows, rep.id)).toMatchObject({ rawScore: 2 });
    expect(await BonusInputs.forPeriod("2017-Q1", 2)).toMatchObject({ locked: true, snapshot: v2 });
    expect(rowOf((await BonusInputs.forPeriod("2017-Q1")).rows, rep.id)).toMatchObject({ rawScore: 4 });
    await expect(BonusInputs.forPeriod("2017-Q1", 3)).rejects.toMatchObject({ status: 404, code: "no_snapshot" });

    const audit = (await Audit.forEntity("period_2017-Q1")).items;
    expect(audit.map((e) => e.action)).toEqual(["period.close", "period.reopen", "period.close"]);
    expect(audit[1]!.detail).toEqual({ reason: "A card was revised late", previousVersion: 1, previousSha256: v1.sha256 });
  });

  it("finishes a close that froze its period but stopped before writing the snapshot", async () => {
    const rep = await aRep();
    await card(new Date("2016-02-01T10:00:00Z"), rep.id, { listening: 5 });
    // A close froze 2016-Q1 on 3 April and its process died before the snapshot was written.
    const frozenAt = "2016-04-03T08:00:00.000Z";
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: periodKeys.period("2016-Q1"),
        UpdateExpression: "SET closedAt = :at, closedBy = :by, period = :period ADD version :one",
        ExpressionAttributeValues: { ":at": frozenAt, ":by": finance, ":period": "2016-Q1", ":one": 1 },
      }),
    );
    expect(await BonusInputs.lockedRow("2016-Q1", rep.id)).toBeUndefined();
    expect((await BonusInputs.forPeriod("2016-Q1")).locked).toBe(false);

    expect(await Clock.at(new Date("2016-04-03T08:10:00Z"), () => Period.finishInterrupted("2016-Q1"))).toBe(true);
    const finished = await BonusInputs.forPeriod("2016-Q1");
    expect(finished).toMatchObject({ locked: true, snapshot: { version: 1, closedAt: frozenAt } });
    expect(rowOf(finished.rows, rep.id)).toMatchObject({ responses: 1, rawScore: 5 });
    expect(finished.snapshot!.sha256).toBe(BonusInputs.hashRows(finished.rows));
    // The audit entry names who froze the period, not the job that finished it.
    const [entry] = (await Audit.forEntity("period_2016-Q1")).items;
    expect(entry).toMatchObject({ action: "period.close", actor: finance });
    expect(await Period.finishInterrupted("2016-Q1")).toBe(false);
    await expect(Period.close("2016-Q1", finance)).rejects.toMatchObject({ code: "already_closed" });
  });

  it("lets a second close finish an interrupted one and answer its snapshot", async () => {
    const rep = await aRep();
    await card(new Date("2015-11-01T10:00:00Z"), rep.id, { follow_up: 4 });
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: periodKeys.period("2015-Q4"),
        UpdateExpression: "SET closedAt = :at, closedBy = :by, period = :period ADD version :one",
        ExpressionAttributeValues: { ":at": "2016-01-02T08:00:00.000Z", ":by": finance, ":period": "2015-Q4", ":one": 1 },
      }),
    );
    const closed = await Clock.at(new Date("2016-01-02T08:01:00Z"), () => Period.close("2015-Q4", cli));
    expect(closed).toMatchObject({ version: 1, closedAt: "2016-01-02T08:00:00.000Z" });
    const locked = await BonusInputs.lockedRow("2015-Q4", rep.id);
    expect(locked?.row).toMatchObject({ responses: 1, rawScore: 4 });
    expect((await BonusInputs.forPeriod("2015-Q4")).snapshot?.sha256).toBe(closed.sha256);
  });

  it("needs no force from the first instant after the period, and takes a forced close from the period's first instant", async () => {
    // 2014-Q2 ends, and 2014-Q3 starts, at 2014-07-01T00:00:00.000Z.
    const boundary = new Date("2014-07-01T00:00:00.000Z");
    const justBefore = new Date(boundary.getTime() - 1);
    await expect(Clock.at(justBefore, () => Period.close("2014-Q2", finance))).rejects.toMatchObject({
      status: 409,
      code: "period_not_ended",
      message: 'Period 2014-Q2 has not ended yet (it ends at 2014-07-01T00:00:00.000Z); its numbers still move. To close it anyway, send {"force": true, "reason": "..."}.',
    });
    await expect(Clock.at(justBefore, () => Period.close("2014-Q3", finance, { force: true, reason: "Audit" }))).rejects.toMatchObject({
      status: 400,
      code: "future_period",
      message: "Period 2014-Q3 has not started yet.",
      fields: { period: "has not started yet" },
    });
    expect(await Clock.at(boundary, () => Period.close("2014-Q2", finance))).toMatchObject({ version: 1, closedAt: boundary.toISOString() });
    expect(await Clock.at(boundary, () => Period.close("2014-Q3", finance, { force: true, reason: "Audit at quarter start" }))).toMatchObject({
      version: 1,
      closedAt: boundary.toISOString(),
    });
    expect((await closes("2014-Q2"))[0]!.detail).not.toHaveProperty("forced");
    expect((await closes("2014-Q3"))[0]!.detail).toMatchObject({ forced: true, reason: "Audit at quarter start" });
    // A reason sent with a close after the period ended does not make it an early close.
    await Clock.at(new Date("2014-04-02T08:00:00Z"), () => Period.close("2014-Q1", finance, { force: true, reason: "Routine" }));
    const [routine] = await closes("2014-Q1");
    expect([routine!.detail?.forced, routine!.detail?.reason]).toEqual([undefined, undefined]);
  });

  it("reopens only a closed period: not one never closed, not one reopened already, and one of two reopens at once", async () => {
    const at = (minute: number) => new Date(Date.UTC(2013, 9, 2, 8, minute));
    await expect(Clock.at(at(0), () => Period.reopen("2013-Q3", "Nothing to reopen", finance))).rejects.toMatchObject({
      status: 409,
      code: "not_closed",
      message: "Period 2013-Q3 is not closed.",
    });
    // The job finds nothing to finish in a period never closed, and locks nothing.
    expect(await Clock.at(at(0), () => Period.finishInterrupted("2013-Q3"))).toBe(false);
    expect((await BonusInputs.forPeriod("2013-Q3")).locked).toBe(false);

    await Clock.at(at(1), () => Period.close("2013-Q3", finance));
    // A second reopen lands between this reopen's read and its write: this one is refused, the other stands.
    const other = () => Clock.at(at(2), () => Period.reopen("2013-Q3", "A card was revised late", finance));
    await expect(interleaved("SET reopenedAt", other, () => Clock.at(at(3), () => Period.reopen("2013-Q3", "Same, from another tab", finance)))).rejects.toMatchObject({
      status: 409,
      code: "period_changed",
      message: "Period 2013-Q3 changed while it was being reopened; try again.",
    });
    await expect(Clock.at(at(4), () => Period.reopen("2013-Q3", "Again", finance))).rejects.toMatchObject({ status: 409, code: "not_closed" });
    expect(await Clock.at(at(5), () => Period.finishInterrupted("2013-Q3"))).toBe(false);
    expect((await BonusInputs.forPeriod("2013-Q3")).locked).toBe(false);
    const audit = (await Audit.forEntity("period_2013-Q3")).items;
    expect(audit.map((e) => [e.action, e.detail?.reason])).toEqual([
      ["period.close", undefined],
      ["period.reopen", "A card was revised late"],
    ]);
  });

  it("does not carry an early close's reason into the close after a reopen, even one the job finishes", async () => {
    const rep = await aRep();
    await card(new Date("2013-05-01T10:00:00Z"), rep.id, { listening: 3 });
    await Clock.at(new Date("2013-05-02T08:00:00Z"), () => Period.close("2013-Q2", finance, { force: true, reason: "Payroll cut-off" }));
    await Clock.at(new Date("2013-05-03T08:00:00Z"), () => Period.reopen("2013-Q2", "The quarter is still running", finance));

    // After the quarter ended, a close froze it and stopped before its snapshot; the job finishes it.
    const at = new Date("2013-07-02T08:00:00Z");
    await expect(interleaved(SNAPSHOT, stopped, () => Clock.at(at, () => Period.close("2013-Q2", cli)))).rejects.toMatchObject({ name: "InternalServerError" });
    expect((await BonusInputs.forPeriod("2013-Q2")).locked).toBe(false);
    expect(await Clock.at(new Date("2013-07-02T08:06:00Z"), () => Period.finishInterrupted("2013-Q2"))).toBe(true);

    const frozen = await BonusInputs.forPeriod("2013-Q2");
    expect(frozen).toMatchObject({ locked: true, snapshot: { version: 2, closedAt: at.toISOString() } });
    expect(rowOf(frozen.rows, rep.id)).toMatchObject({ responses: 1, rawScore: 3 });
    const [early, after] = await closes("2013-Q2");
    expect(early).toMatchObject({ actor: finance, detail: { version: 1, forced: true, reason: "Payroll cut-off" } });
    expect(after).toMatchObject({ actor: cli, detail: { version: 2, sha256: frozen.snapshot!.sha256 } });
    expect(after!.detail).not.toHaveProperty("forced");
    expect(after!.detail).not.toHaveProperty("reason");
  });

  it("fails a close with 409 when the period is reopened while its snapshot is written, and leaves the period open", async () => {
    const rep = await aRep();
    await card(new Date("2012-11-05T10:00:00Z"), rep.id, { follow_up: 2 });
    const reopen = () => Clock.at(new Date("2013-01-03T08:00:01Z"), () => Period.reopen("2012-Q4", "Closed by mistake", finance));
    await expect(interleaved(SNAPSHOT, reopen, () => Clock.at(new Date("2013-01-03T08:00:00Z"), () => Period.close("2012-Q4", cli)))).rejects.toMatchObject({
      status: 409,
      code: "period_changed",
      message: "Period 2012-Q4 was reopened while it was being closed; close it again.",
    });
    const live = await BonusInputs.forPeriod("2012-Q4");
    expect([live.locked, live.snapshot]).toEqual([false, undefined]);
    expect(await Clock.at(new Date("2013-01-03T08:10:00Z"), () => Period.finishInterrupted("2012-Q4"))).toBe(false);
    expect(await closes("2012-Q4")).toEqual([]);

    // Closed again: the version the failed close took is skipped, and never readable.
    const closed = await Clock.at(new Date("2013-01-04T08:00:00Z"), () => Period.close("2012-Q4", cli));
    expect(closed.version).toBe(2);
    const frozen = await BonusInputs.forPeriod("2012-Q4");
    expect(frozen.snapshot).toEqual(closed);
    expect(rowOf(frozen.rows, rep.id)).toMatchObject({ responses: 1, rawScore: 2 });
    await expect(BonusInputs.forPeriod("2012-Q4", 1)).rejects.toMatchObject({ status: 404, code: "no_snapshot", message: "Period 2012-Q4 has no snapshot version 1." });
  });

  it("answers a retried close with the snapshot of the job that finished the same close at the same moment", async () => {
    const rep = await aRep();
    await card(new Date("2012-08-01T10:00:00Z"), rep.id, { advocacy: 4 });
    const at = new Date("2012-10-02T08:00:00Z");
    await expect(interleaved(SNAPSHOT, stopped, () => Clock.at(at, () => Period.close("2012-Q3", finance)))).rejects.toMatchObject({ name: "InternalServerError" });

    const later = new Date("2012-10-02T08:06:00Z");
    const job = async () => expect(await Clock.at(later, () => Period.finishInterrupted("2012-Q3"))).toBe(true);
    const retried = await interleaved(SNAPSHOT, job, () => Clock.at(later, () => Period.close("2012-Q3", finance)));
    const frozen = await BonusInputs.forPeriod("2012-Q3");
    expect(retried).toEqual(frozen.snapshot);
    expect(retried).toMatchObject({ version: 1, closedAt: at.toISOString(), sha256: BonusInputs.hashRows(frozen.rows) });
    expect(rowOf(frozen.rows, rep.id)).toMatchObject({ responses: 1, rawScore: 4 });
    expect((await closes("2012-Q3")).map((e) => e.actor)).toEqual([finance]);
  });

  it("freezes the row of a rep deactivated after being surveyed in the period (the work was done), and none for one deactivated with nothing in it", async () => {
    const stays = await aRep();
    const left = await aRep();
    const idle = await aRep();
    const at = new Date("2011-05-01T10:00:00Z");
    await card(at, stays.id, { listening: 4 });
    await card(at, left.id, { listening: 2 });
    for (const rep of [left, idle]) {
      await db().send(new UpdateCommand({ TableName: tableName(), Key: repKeys.rep(rep.id), UpdateExpression: "SET active = :no", ExpressionAttributeValues: { ":no": false } }));
    }
    expect(rowOf((await BonusInputs.forPeriod("2011-Q2")).rows, left.id)).toMatchObject({ responses: 1, rawScore: 2 });
    await Clock.at(new Date("2011-07-02T08:00:00Z"), () => Period.close("2011-Q2", finance));
    const frozen = await BonusInputs.forPeriod("2011-Q2");
    expect(rowOf(frozen.rows, stays.id)).toMatchObject({ responses: 1, rawScore: 4 });
    expect(rowOf(frozen.rows, left.id)).toMatchObject({ responses: 1, rawScore: 2 });
    expect(rowOf(frozen.rows, idle.id)).toBeUndefined();
  });

  // Last: it adds 201 reps to this file's table, so every close after it would freeze them too.
  it("freezes every rep of an organisation larger than one snapshot item holds (200 rows)", async () => {
    let last = await aRep();
    for (let batch = 1; batch < 201; batch += 40) last = (await Promise.all(Array.from({ length: Math.min(40, 201 - batch) }, () => aRep()))).at(-1)!;
    await card(new Date("2010-05-01T10:00:00Z"), last.id, { customer_first: 5 });
    const live = await BonusInputs.forPeriod("2010-Q2");
    expect(live.rows.length).toBeGreaterThan(200);
    const closed = await Clock.at(new Date("2010-07-02T08:00:00Z"), () => Period.close("2010-Q2", finance));
    const frozen = await BonusInputs.forPeriod("2010-Q2");
    expect(frozen.rows).toEqual(live.rows);
    expect(closed.sha256).toBe(BonusInputs.hashRows(live.rows));
    expect(rowOf(frozen.rows, last.id)).toMatchObject({ responses: 1, rawScore: 5 });
    expect((await closes("2010-Q2"))[0]!.detail).toMatchObject({ rows: live.rows.length });
  }, 120_000);
});
