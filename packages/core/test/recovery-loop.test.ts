import { describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { createId } from "@rapport/core/id";
import { transact } from "@rapport/core/db/index";
import { FollowUp, type FollowUp as FollowUpRecord } from "@rapport/core/followup/index";
import { RecoveryLoop } from "@rapport/core/followup/loop";
import { aRep, email } from "../../../test/support/fixtures.ts";

const at = new Date("2025-05-12T09:00:00Z");

/** A recovery case of `repId` opened at `at`, stored as given. */
async function aCase(repId: string, fields: Partial<FollowUpRecord>): Promise<FollowUpRecord> {
  const f: FollowUpRecord = {
    id: createId("followUp", at.getTime()),
    kind: "recovery",
    status: "open",
    repId,
    repName: "Rep",
    anonymous: false,
    customerId: createId("customer"),
    customerName: "Dana Customer",
    dueAt: new Date(at.getTime() + 4 * 3_600_000).toISOString(),
    createdAt: at.toISOString(),
    managerNotifiedAt: at.toISOString(),
    repNotifiedAt: at.toISOString(),
    ...fields,
  };
  await transact(FollowUp.createItems(f));
  return f;
}

const resolved = (verdict: FollowUpRecord["verdict"]) => ({ status: "resolved" as const, resolvedAt: at.toISOString(), askAt: "2025-05-14T09:00:00.000Z", askedAt: "2025-05-14T09:00:00.000Z", verdict });

describe("closing the loop on the dashboards", () => {
  it("counts the customers' verdicts on the period's cases: 3 recovered of 4 judged is 75%, a case without an answer stays out", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    for (const verdict of ["recovered", "recovered", "recovered", "not-recovered", "no-answer"] as const) await aCase(rep.id, resolved(verdict));
    // 3 recovered ÷ (3 recovered + 1 not recovered) = 0.75; the no-answer case is in neither.
    const loop = await Clock.at(new Date("2025-05-20T09:00:00Z"), () => RecoveryLoop.forReps([rep.id], "2025-Q2", { repId: rep.id, managerOf: [] }));
    expect(loop).toMatchObject({ recovered: 3, notRecovered: 1, noAnswer: 1, recoveryRate: 0.75 });
    const nextQuarter = await Clock.at(new Date("2025-07-20T09:00:00Z"), () => RecoveryLoop.forReps([rep.id], "2025-Q3", { repId: rep.id, managerOf: [] }));
    expect(nextQuarter).toMatchObject({ recovered: 0, notRecovered: 0, recoveryRate: null });
  });

  it("lists open concerns and cases awaiting the verdict; an anonymous concern only for the manager, without a name", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const named = await aCase(rep.id, { source: "concern", urgency: "today" });
    const anonymous = await aCase(rep.id, { source: "concern", anonymous: true, customerId: undefined, customerName: undefined });
    await aCase(rep.id, { source: "report-card" });
    const awaiting = await aCase(rep.id, { ...resolved("awaiting") });
    const asking = await aCase(rep.id, { status: "resolved", resolvedAt: at.toISOString(), askAt: "2025-05-14T09:00:00.000Z" });
    await aCase(rep.id, resolved("recovered"));
    const asOf = new Date("2025-05-13T09:00:00Z");
    const forRep = await Clock.at(asOf, () => RecoveryLoop.forReps([rep.id], "2025-Q2", { repId: rep.id, managerOf: [] }));
    expect(forRep.openConcerns.map((i) => i.id)).toEqual([named.id]);
    expect(forRep.awaiting.map((i) => i.id).sort()).toEqual([awaiting.id, asking.id].sort());
    const forManager = await Clock.at(asOf, () => RecoveryLoop.forReps([rep.id], "2025-Q2", { managerOf: [rep.id] }));
    expect(forManager.openConcerns.map((i) => i.id).sort()).toEqual([named.id, anonymous.id].sort());
    expect(forManager.openConcerns.find((i) => i.id === anonymous.id)?.customerName).toBeNull();
  });
});
