import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { followUpKeys } from "./keys.ts";

const Actions = v.pipe(
  v.array(v.pipe(v.string("must be text"), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(300, "must be at most 300 characters")), "must be a list of actions"),
  v.minLength(1, "must suggest at least one action"),
  v.maxLength(10, "must suggest at most 10 actions"),
);

/** Suggested recovery actions per customer value tier (A, B, C) and for customers without a tier. */
export const RecoveryPlanSchema = v.strictObject({ A: Actions, B: Actions, C: Actions, default: Actions });
export type RecoveryPlan = v.InferOutput<typeof RecoveryPlanSchema>;

export const defaultRecoveryPlan: RecoveryPlan = {
  A: [
    "Call within the due time: the rep, with the manager on the call",
    "Fix the cause first, then confirm the fix in writing",
    "A personal gesture worth up to $250, chosen from what the customer told us about themselves",
  ],
  B: ["Call within the due time: the rep", "Fix the cause, then confirm the fix in writing", "A small personal gesture (up to $75) if the fix took longer than promised"],
  C: ["Call or write within the due time: the rep, on the customer's preferred channel", "Fix the cause, then confirm the fix"],
  default: ["Contact the customer on their preferred channel within the due time", "Fix the cause, then confirm the fix"],
};

/** The recovery plan in force: the organisation's, or the default. */
export async function current(): Promise<RecoveryPlan> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: followUpKeys.recoveryPlan }));
  return (result.Item?.plan as RecoveryPlan | undefined) ?? defaultRecoveryPlan;
}

/** Replaces the recovery plan (audited). */
export async function save(plan: RecoveryPlan, actor: Actor): Promise<RecoveryPlan> {
  await transact([
    { Put: { TableName: tableName(), Item: { ...followUpKeys.recoveryPlan, type: "recovery-plan", plan, updatedAt: now().toISOString() } } },
    Audit.record(actor, "recovery-plan.update", "recovery-plan", { after: plan }),
  ]);
  return plan;
}

/** The suggested actions for a customer's tier. */
export function actionsFor(plan: RecoveryPlan, tier: string | undefined): string[] {
  return tier === "A" || tier === "B" || tier === "C" ? plan[tier] : plan.default;
}

export const RecoveryPlan = { current, save, actionsFor, defaultRecoveryPlan };
