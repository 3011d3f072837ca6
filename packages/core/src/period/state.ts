import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/index.ts";
import type { Actor } from "../audit/index.ts";
import { periodKeys } from "./keys.ts";

/** A period's record: absent until it is closed or its first bias flag is raised. */
export interface PeriodState {
  closedAt?: string;
  version?: number;
  sha256?: string;
  planVersion?: number;
  snapshotAt?: string;
  /** Set when finance closed the period before it ended: why. */
  earlyCloseReason?: string;
  /** Who froze the period; the close's audit entry names them even when the job finishes it. */
  closedBy?: Actor;
  /** Bias flags of the period that are still open; the close waits until none is (absent: none was ever raised). */
  openFlags?: number;
}

/** The period's record, read consistently (a close and a reopen decide on it). */
export async function stateOf(period: string): Promise<PeriodState> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: periodKeys.period(period), ConsistentRead: true }));
  return (result.Item ?? {}) as PeriodState;
}

/**
 * The condition a counted response puts in its transaction: its period is still open. With `openFlags`, the
 * same write also moves the period's count of open bias flags (flags raised, or decided with a void).
 */
export function mustBeOpen(period: string, openFlags = 0) {
  if (!openFlags) {
    return {
      ConditionCheck: {
        TableName: tableName(),
        Key: periodKeys.period(period),
        ConditionExpression: "attribute_not_exists(closedAt)",
      },
    };
  }
  return {
    Update: {
      ...openFlagsUpdate(period, openFlags),
      ConditionExpression: "attribute_not_exists(closedAt)",
    },
  };
}

/** The Update that moves a period's count of open bias flags by `delta` (a flag cleared is −1). */
export function openFlagsUpdate(period: string, delta: number) {
  return {
    TableName: tableName(),
    Key: periodKeys.period(period),
    UpdateExpression: "SET period = :period, #type = :type ADD openFlags :delta",
    ExpressionAttributeNames: { "#type": "type" },
    ExpressionAttributeValues: { ":period": period, ":type": "period", ":delta": delta },
  };
}
