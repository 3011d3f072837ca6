import { describe, expect, it } from "vitest";
import { Settings } from "luxon";
import { mockClient } from "aws-sdk-client-mock";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "@rapport/core/db/index";
import { Clock } from "@rapport/core/clock/index";
import { Audit, type Actor } from "@rapport/core/audit/index";
import { Plan, type PlanInput } from "@rapport/core/plan/index";
import { any, interleaved } from "../../../test/support/interleave.ts";

// The file has a table of its own, which starts with no plan stored; the first describe's tests store none until the last.
const at = new Date("2026-03-09T23:30:00Z");
const alice: Actor = { kind: "user", id: "usr_alice" };
const bob: Actor = { kind: "user", id: "usr_bob" };
const planWith = (changes: Partial<PlanInput>): PlanInput => ({ ...Plan.defaultPlan("2026-01-01"), ...changes });

describe("the plan before anyone stored one", () => {
  it("answers the default plan as version 1, created at the start of its start day in UTC, and stores nothing", async () => {
    expect(await Plan.current()).toBeUndefined();
    await expect(Plan.mustCurrent()).rejects.toMatchObject({ kind: "not-found", code: "no_plan", message: "No compensation plan exists yet. An admin creates one with POST /v1/plans." });
    // A server whose own zone is not UTC answers the same date and instant.
    Settings.defaultZone = "Pacific/Auckland";
    try {
      const shown = await Clock.at(at, () => Plan.inForce());
      // A plan written without components reads as one, `relationship`, over every behaviour, on the plan's ramp and settings.
      const { weightBase, weightStep, weightCap, ...settings } = Plan.defaultPlan("2026-03-09");
      const relationship = { id: "relationship", weightBase, weightStep, weightCap };
      expect(shown).toEqual({ ...settings, version: 1, createdAt: "2026-03-09T00:00:00.000Z", components: [relationship] });
      expect(await Clock.at(at, () => Plan.get(1))).toEqual(shown);
    } finally {
      Settings.defaultZone = "system";
    }
    expect(await Plan.get(2)).toBeUndefined();
    expect(await Plan.current()).toBeUndefined();
  });

  it("refuses weights for behaviours the survey does not have, naming every one, and stores nothing", async () => {
    const refused = Plan.create(planWith({ behaviourWeights: { listening: 1, charm: 2, wit: 1 } }), alice);
    await expect(refused).rejects.toMatchObject({
      kind: "input",
      code: "invalid_input",
      message: "behaviourWeights names a behaviour the survey does not have: charm, wit.",
      fields: { behaviourWeights: "names a behaviour the survey does not have: charm, wit" },
    });
    expect(await Plan.current()).toBeUndefined();
  });

  it("reports a write that collided with another transaction as a conflict to retry, not as a missing plan", async () => {
    const mock = mockClient(db());
    mock.send.callThrough();
    mock.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: "Transaction cancelled", $metadata: {}, CancellationReasons: [{ Code: "TransactionConflict" }] }));
    try {
      await expect(Plan.ensureDefault()).rejects.toMatchObject({ kind: "conflict", code: "transaction_conflict" });
    } finally {
      mock.restore();
    }
    expect(await Plan.current()).toBeUndefined();
  });

  it("answers the plan another request stored a moment earlier when both stored the default at once", async () => {
    const other: Actor = { kind: "system", id: "the-other-request" };
    let theirs: Awaited<ReturnType<typeof Plan.current>>;
    // The other request stores the default just before our transaction reaches the table.
    const ours = await interleaved(
      any,
      async () => {
        theirs = await Clock.at(at, () => Plan.ensureDefault(other));
      },
      () => Clock.at(at, () => Plan.ensureDefault()),
    );
    expect(theirs).toMatchObject({ version: 1, startDate: "2026-03-09" });
    expect(ours).toEqual(theirs);
    expect(await Plan.current()).toEqual(theirs);
    // Only the request that got there first wrote, and only it is in the audit log.
    const log = (await Audit.forEntity("plan_v1")).items;
    expect(log.map((e) => [e.action, e.actor])).toEqual([["plan.create", other]]);
  });
});

describe("publishing plan versions", () => {
  // Each test reads the version it builds on, so it holds when run alone (as Stryker runs it) or after the others.
  // (A stored plan, so the colliding transaction is the publication, not the default plan's first store.)
  const currentVersion = async () => (await Plan.ensureDefault()).version;

  it("refuses to publish over a version another admin published at the same moment, with a conflict that says to read and retry", async () => {
    const before = await currentVersion();
    const published = interleaved(any, () => Plan.create(planWith({ k: 8 }), alice), () => Plan.create(planWith({ k: 9 }), bob));
    await expect(published).rejects.toMatchObject({
      kind: "conflict",
      code: "concurrent_plan_change",
      message: "Another plan version was published at the same time; read the current plan and try again.",
    });
    expect(await Plan.current()).toMatchObject({ version: before + 1, k: 8 });
  });

  it("publishes the next version on top of the current one, audited with the plan before and after, and keeps the old ones readable", async () => {
    const previous = await Plan.create(planWith({ k: 8 }), alice);
    const published = await Plan.create(planWith({ k: 9, minResponses: 3 }), bob);
    expect(published).toMatchObject({ version: previous.version + 1, k: 9, minResponses: 3 });
    expect(await Plan.current()).toEqual(published);
    expect(await Plan.get(previous.version)).toMatchObject({ version: previous.version, k: 8 });
    const [entry] = (await Audit.forEntity(`plan_v${published.version}`)).items;
    expect(entry).toMatchObject({
      action: "plan.create",
      actor: bob,
      detail: { before: { version: previous.version, k: 8 }, after: { version: published.version, k: 9 } },
    });
  });
});
