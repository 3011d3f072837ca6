/** What a bias flag is, how it is stored and found, and the writes that raise and decide it. */
import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, strip, tableName, type TransactItem } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { derivedId } from "../id.ts";
import { ActorSchema, type Actor } from "../audit/index.ts";
import { ruleCodes, rules } from "./rules.ts";
import { flagKeys } from "./keys.ts";

export const flagStatuses = ["open", "cleared", "voided"] as const;
export type FlagStatus = (typeof flagStatuses)[number];

/** A flag as finance, admins and managers read it. */
export const FlagSchema = v.object({
  id: v.string(),
  responseId: v.pipe(v.string(), v.description("The card's invitation id: a report card, or a lost-deal card the plan counted (the answer is stored and voided under it).")),
  repId: v.string(),
  period: v.pipe(v.string(), v.description("The period the response counts in: the next open one when its own was closed.")),
  rule: v.pipe(v.picklist(ruleCodes), v.description(rules.map((rule) => `\`${rule.code}\`: ${rule.description}`).join(" "))),
  reason: v.pipe(v.string(), v.description("Why the response is flagged; never the customer's name or address.")),
  status: v.pipe(v.picklist(flagStatuses), v.description("open until finance clears the flag or voids its response; an open flag stops the period's close.")),
  createdAt: v.string(),
  customerName: v.optional(v.pipe(v.string(), v.description('Only when the customer ticked "share my name with my rep" (as on the comments of the dashboard).'))),
  decidedAt: v.optional(v.pipe(v.string(), v.description("When the flag was cleared or its response voided."))),
  decidedBy: v.optional(v.pipe(ActorSchema, v.description("Who cleared it or voided its response."))),
  note: v.optional(v.pipe(v.string(), v.description("Finance's note when cleared; the reason given when its response was voided."))),
});
export type Flag = v.InferOutput<typeof FlagSchema>;

/** A flag as stored: what is published (less the customer's name, read from the response) and when the response was first answered. */
export type StoredFlag = Omit<Flag, "customerName"> & { answeredAt: string };

/** The one id of `rule`'s flag on a response. */
export const flagId = (responseId: string, rule: string) => derivedId("flag", `${responseId}#${rule}`);

/** The flag with this id, read consistently (a decision reads it before its write), or undefined. */
export async function get(id: string): Promise<StoredFlag | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: flagKeys.flag(id), ConsistentRead: true }));
  return result.Item ? (strip(result.Item) as unknown as StoredFlag) : undefined;
}

/** The flag with this id, or a 404. */
export async function mustGet(id: string): Promise<StoredFlag> {
  const flag = await get(id);
  if (!flag) throw new VisibleError("not-found", "flag_not_found", `No flag has the id ${id}.`);
  return flag;
}

/** Every flag a response carries, one per rule at most. */
export async function ofResponse(responseId: string): Promise<StoredFlag[]> {
  const found = await Promise.all(ruleCodes.map((rule) => get(flagId(responseId, rule))));
  return found.filter((flag): flag is StoredFlag => Boolean(flag));
}

/** The 409 for a flag that was already cleared or voided. */
export function alreadyDecided(flag: Pick<StoredFlag, "id" | "status" | "decidedAt">): VisibleError {
  return new VisibleError("conflict", "flag_decided", `Flag ${flag.id} was already ${flag.status}${flag.decidedAt ? ` at ${flag.decidedAt}` : ""}.`);
}

/** The Put that raises a flag; it fails when the response already carries this rule's flag. */
export function raiseItem(flag: StoredFlag): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...flagKeys.flag(flag.id), ...flagKeys.byPeriod(flag.period, flag.createdAt, flag.responseId, flag.rule), type: "flag", ...flag },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** The Update that decides an open flag (cleared, or voided with its response); it fails when the flag is no longer open. */
export function decideItem(flag: StoredFlag, status: Exclude<FlagStatus, "open">, at: string, by: Actor, note: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: flagKeys.flag(flag.id),
      UpdateExpression: "SET #status = :status, decidedAt = :at, decidedBy = :by, note = :note",
      ConditionExpression: "#status = :open",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":status": status, ":at": at, ":by": by, ":note": note, ":open": "open" },
    },
  };
}

/** What a reader sees of a stored flag: without its storage fields, with the customer's name only when they shared it. */
export function viewOf(flag: StoredFlag, customerName?: string): Flag {
  const { answeredAt: _answeredAt, ...rest } = flag;
  return { ...rest, ...(customerName ? { customerName } : {}) };
}
