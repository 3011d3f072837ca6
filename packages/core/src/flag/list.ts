/** A period's bias flags as finance, admins and managers read them. */
import * as v from "valibot";
import { batchGet, queryAll, strip } from "../db/index.ts";
import { responseKeys } from "../response/keys.ts";
import { dealKeys } from "../deal/keys.ts";
import type { StoredResponse } from "../response/index.ts";
import { flagKeys } from "./keys.ts";
import { FlagSchema, viewOf, type FlagStatus, type StoredFlag } from "./record.ts";

export const FlagListSchema = v.object({ period: v.string(), items: v.array(FlagSchema) });
export type FlagList = v.InferOutput<typeof FlagListSchema>;

/**
 * The flags of a period, oldest first, then by response and rule (one Query of the period's flags), optionally of one status and of
 * some reps only (a manager's team). A flag names its customer only when the customer shared their name on
 * the card, read from the response (or the counted lost-deal card's stored answer) as it stands now.
 */
export async function list(period: string, options: { status?: FlagStatus; repIds?: string[] } = {}): Promise<FlagList> {
  const { status, repIds } = options;
  const stored = await queryAll<Record<string, unknown>>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": flagKeys.periodPartition(period), ...(status ? { ":status": status } : {}) },
    ...(status ? { FilterExpression: "#status = :status", ExpressionAttributeNames: { "#status": "status" } } : {}),
  });
  const flags = stored.map((item) => strip(item) as unknown as StoredFlag).filter((flag) => !repIds || repIds.includes(flag.repId));
  // A flag does not say which kind of card it is on: read both places; the one that is not there answers nothing.
  const keys = new Map(
    flags.flatMap((f) => [
      [`r#${f.responseId}`, responseKeys.response(f.repId, f.period, f.answeredAt, f.responseId)],
      [`l#${f.responseId}`, dealKeys.answer(f.period, f.answeredAt, f.responseId)],
    ]),
  );
  const responses = await batchGet<Pick<StoredResponse, "invitationId" | "shareName" | "customerName">>([...keys.values()]);
  const names = new Map(responses.filter((r) => r.shareName && r.customerName).map((r) => [r.invitationId, r.customerName!]));
  return { period, items: flags.map((flag) => viewOf(flag, names.get(flag.responseId))) };
}
