import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/index.ts";
import type { Actor } from "../audit/index.ts";
import { periodKeys } from "./keys.ts";

/** A period's record: absent while it was never closed. */
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
}

/** The period's record, read consistently (a close and a reopen decide on it). */
export async function stateOf(period: string): Promise<PeriodState> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: periodKeys.period(period), ConsistentRead: true }));
  return (result.Item ?? {}) as PeriodState;
}

/** The condition a counted response puts in its transaction: its period is still open. */
export function mustBeOpen(period: string) {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: periodKeys.period(period),
      ConditionExpression: "attribute_not_exists(closedAt)",
    },
  };
}
