import { describe, expect, it } from "vitest";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { aggregateKeys } from "@rapport/core/aggregate/keys";
import { Clock } from "@rapport/core/clock/index";
import { BonusInputs } from "@rapport/core/bonus/index";
import { Period } from "@rapport/core/period/index";
import { Plan } from "@rapport/core/plan/index";
import { deactivate } from "@rapport/core/rep/update";
import { aRep } from "../../../test/support/fixtures.ts";

const cli = { kind: "cli", id: "test" } as const;
const finance = { kind: "api-key", id: "key_finance" } as const;

/** A rep's aggregate item for a period, as counting leaves it. */
const aggregate = (period: string, repId: string, figures: Record<string, number>) =>
  db().send(new PutCommand({ TableName: tableName(), Item: { ...aggregateKeys.rep(period, repId), type: "aggregate", repId, ...figures } }));

describe("whose rows a period's bonus inputs have", () => {
  it("lists every active rep, and a deactivated one only for a period they were sent or answered a report card in, by rep id", async () => {
    const period = "2016-Q3";
    const plan = await Plan.create(Plan.defaultPlan("2015-01-01"), cli);
    // Made in this order, so rep ids run zed < amy < quiet < sent < rated while names sort otherwise.
    const zed = await aRep({ name: "Zed Active" });
    const amy = await aRep({ name: "Amy Active" });
    const quiet = await aRep({ name: "Quiet Gone" });
    const sent = await aRep({ name: "Sent Gone" });
    const rated = await aRep({ name: "Rated Gone" });
    for (const rep of [quiet, sent, rated]) await deactivate(rep.id, cli);
    // Sent 2 report cards in the period, none answered; rated on 1 card whose invitation went out the period before.
    await aggregate(period, sent.id, { cards: 0, invited: 2, answered: 0 });
    await aggregate(period, rated.id, { cards: 1, n_listening: 1, s_listening: 4, q_listening: 16, invited: 0, answered: 1 });

    const mine = new Set([zed.id, amy.id, quiet.id, sent.id, rated.id]);
    const rows = (await BonusInputs.computeRows(period, plan)).filter((row) => mine.has(row.repId));
    expect(rows.map((row) => row.repName)).toEqual(["Zed Active", "Amy Active", "Sent Gone", "Rated Gone"]);
    expect(rows.map((row) => [row.invited, row.answered, row.responses])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [2, 0, 0],
      [0, 1, 1],
    ]);
  });
});

describe("a period's bonus inputs through close, reopen and a second close", () => {
  it("serves live rows while open, the snapshot once closed, and every snapshot by version, locked only while it is the one in force", async () => {
    const period = "2016-Q4";
    const plan = await Plan.create(Plan.defaultPlan("2015-01-01"), cli);
    const first = await aRep({ name: "First Rep" });
    const second = await aRep({ name: "Second Rep" });
    await aggregate(period, second.id, { cards: 1, n_listening: 1, s_listening: 5, q_listening: 25 });
    const at = (iso: string, work: () => Promise<unknown>) => Clock.at(new Date(iso), work);

    // Open: live rows, no frozen row, and no snapshot to read.
    expect(await BonusInputs.lockedRow(period, second.id)).toBeUndefined();
    const open = await BonusInputs.forPeriod(period);
    expect(open).toMatchObject({ period, planVersion: plan.version, locked: false, openFlags: 0 });
    expect(open.snapshot).toBeUndefined();
    await expect(BonusInputs.forPeriod(period, 1)).rejects.toMatchObject({ kind: "not-found", code: "no_snapshot", message: "Period 2016-Q4 has no snapshot version 1." });

    await at("2017-01-05T09:00:00Z", () => Period.close(period, finance));
    // Closed: the frozen row of the rep asked for (not the first row), and none for a rep the snapshot lacks.
    const locked = await BonusInputs.lockedRow(period, second.id);
    expect(locked).toMatchObject({ planVersion: plan.version, row: { repId: second.id, repName: "Second Rep", responses: 1, rawScore: 5 } });
    expect(await BonusInputs.lockedRow(period, "rep_01JD0000000000000000000000")).toEqual({ planVersion: plan.version, row: undefined });
    const closed = await BonusInputs.forPeriod(period);
    expect(closed).toMatchObject({ locked: true, snapshot: { version: 1 } });
    expect(closed).not.toHaveProperty("openFlags");
    expect(await BonusInputs.forPeriod(period, 1)).toMatchObject({ locked: true, snapshot: { version: 1, sha256: closed.snapshot!.sha256 } });

    await at("2017-01-06T09:00:00Z", () => Period.reopen(period, "A card was revised late", finance));
    // Reopened: live again, though version 1 stays readable, no longer locked.
    expect(await BonusInputs.lockedRow(period, second.id)).toBeUndefined();
    expect(await BonusInputs.forPeriod(period)).toMatchObject({ locked: false, openFlags: 0 });
    const v1 = await BonusInputs.forPeriod(period, 1);
    expect(v1).toMatchObject({ locked: false, snapshot: { version: 1 } });
    expect(v1.rows.find((row) => row.repId === first.id)).toMatchObject({ responses: 0 });

    await at("2017-01-07T09:00:00Z", () => Period.close(period, finance));
    expect(await BonusInputs.forPeriod(period, 1)).toMatchObject({ locked: false });
    expect(await BonusInputs.forPeriod(period, 2)).toMatchObject({ locked: true, snapshot: { version: 2 } });
    expect(await BonusInputs.forPeriod(period)).toMatchObject({ locked: true, snapshot: { version: 2 } });
  });
});
