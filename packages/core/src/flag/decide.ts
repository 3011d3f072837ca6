/** Finance's two answers to an open flag: clear it (the response counts as it is) or void its response. */
import * as v from "valibot";
import { transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { openFlagsUpdate } from "../period/state.ts";
import { voidReportCard } from "../response/void.ts";
import { alreadyDecided, decideItem, mustGet, viewOf, type Flag } from "./record.ts";

const Text = (what: string) =>
  v.pipe(v.string("must be text"), v.trim(), v.minLength(5, `must say ${what} (at least 5 characters)`), v.maxLength(1000, "must be at most 1000 characters"));

export const ClearFlagSchema = v.strictObject({ note: Text("why the response may count") });
export type ClearFlagInput = v.InferOutput<typeof ClearFlagSchema>;
export const VoidFlagSchema = v.strictObject({ reason: Text("why the response is voided") });
export type VoidFlagInput = v.InferOutput<typeof VoidFlagSchema>;

/**
 * Clears an open flag with a note: the response keeps counting as it is. The flag, the period's open-flag
 * count and the audit entry change in one transaction; 409 `flag_decided` once it was cleared or voided.
 */
export async function clear(id: string, input: ClearFlagInput, actor: Actor): Promise<Flag> {
  const flag = await mustGet(id);
  if (flag.status !== "open") throw alreadyDecided(flag);
  const at = now().toISOString();
  await transact(
    [
      decideItem(flag, "cleared", at, actor, input.note),
      { Update: openFlagsUpdate(flag.period, -1) },
      Audit.record(actor, "flag.clear", flag.id, { note: input.note, responseId: flag.responseId, repId: flag.repId, period: flag.period, rule: flag.rule }),
    ],
    () => {
      throw new VisibleError("conflict", "flag_decided", `Flag ${flag.id} was cleared or its response voided meanwhile.`);
    },
  );
  return viewOf({ ...flag, status: "cleared", decidedAt: at, decidedBy: actor, note: input.note });
}

/**
 * Voids an open flag's response with a reason, through the response's own void (response/void.ts): the
 * rep's aggregates lose its ratings and its card, and its open flags (this one and any other rule's) become
 * `voided`, in one audited transaction. 409 `flag_decided` once the flag was cleared or voided.
 */
export async function voidResponse(id: string, input: VoidFlagInput, actor: Actor): Promise<Flag> {
  const flag = await mustGet(id);
  if (flag.status !== "open") throw alreadyDecided(flag);
  await voidReportCard(flag.responseId, input.reason, actor);
  const after = await mustGet(id);
  if (after.status !== "voided") throw new VisibleError("conflict", "changed", `Flag ${id} changed while its response was being voided; read the period's flags again.`);
  return viewOf(after);
}
