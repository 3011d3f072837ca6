/**
 * How a submission is counted at most once: the invitation's own conditional Update goes in the same
 * transaction as everything the answers write, so of two racing submissions of one link one wins and
 * the other re-reads the invitation and decides again (a revision, or "unchanged").
 */
import { tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { fromToken, keyOf, tokenOf, type Invitation } from "../invitation/index.ts";
import { REVISION_DAYS, stateOf } from "./state.ts";

const DAY = 86_400_000;

/** How a submission was counted: a first answer, a revision within the window, or the same answers again. */
export const outcomes = ["recorded", "revised", "unchanged"] as const;
export type Outcome = (typeof outcomes)[number];

export interface Submitted {
  outcome: Outcome;
  /** The invitation as the submission left it. */
  invitation: Invitation;
}

/** The period a report card's answers were counted in was closed under it (the ConditionCheck of Period.mustBeOpen). */
export class PeriodClosed extends Error {}
class LostRace extends Error {}

/**
 * Writes a submission in one transaction. A closed period (its ConditionCheck at `periodCheckIndex`) and a
 * lost race for the invitation (its condition, item 0, or a conflicting transaction) each get their own
 * error, for the caller to move to the next period or to re-read and decide again.
 */
export async function write(items: TransactItem[], periodCheckIndex?: number): Promise<void> {
  const lostRace = (): never => {
    throw new LostRace();
  };
  await transact(
    items,
    (reasons) => {
      if (periodCheckIndex !== undefined && reasons[periodCheckIndex] === "ConditionalCheckFailed") throw new PeriodClosed();
      return lostRace();
    },
    { onConflict: lostRace },
  );
}

/**
 * The invitation's Update in a submission's transaction: a first answer only if none was recorded and the
 * link has not expired; a revision only if nobody revised since it was read, within the revision window.
 * `atIso` is the submission's one timestamp: the response and preference keys are built from the same value.
 */
export function invitationUpdate(
  inv: Invitation,
  answers: Record<string, unknown>,
  period: string | undefined,
  first: boolean,
  atIso: string,
  recoveryId?: string,
  /** What a first answer also sets on the invitation (a lost-deal card's `countedAs`). */
  firstOnly: Record<string, string> = {},
): TransactItem {
  const at = new Date(atIso);
  const recovery = recoveryId ? ", recoveryId = :rid" : "";
  const rid = recoveryId ? { ":rid": recoveryId } : {};
  const Key = keyOf(inv.id);
  if (first) {
    const extra = Object.keys(firstOnly).map((name, i) => `, #x${i} = :x${i}`).join("");
    return {
      Update: {
        TableName: tableName(),
        Key,
        UpdateExpression: `SET #status = :answered, answeredAt = :at, answers = :answers, revision = :one${period ? ", period = :period" : ""}${recovery}${extra} REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil`,
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(answeredAt) AND expiresAt > :at",
        ExpressionAttributeNames: { "#status": "status", ...Object.fromEntries(Object.keys(firstOnly).map((name, i) => [`#x${i}`, name])) },
        ExpressionAttributeValues: {
          ":answered": "answered",
          ":at": at.toISOString(),
          ":answers": answers,
          ":one": 1,
          ...(period ? { ":period": period } : {}),
          ...rid,
          ...Object.fromEntries(Object.values(firstOnly).map((value, i) => [`:x${i}`, value])),
        },
      },
    };
  }
  return {
    Update: {
      TableName: tableName(),
      Key,
      UpdateExpression: `SET answers = :answers, revisedAt = :at${recovery} ADD revision :one`,
      ConditionExpression: "revision = :seen AND answeredAt >= :cutoff AND attribute_not_exists(voidedAt)",
      ExpressionAttributeValues: {
        ":answers": answers,
        ":at": at.toISOString(),
        ":one": 1,
        ":seen": inv.revision ?? 1,
        ":cutoff": new Date(at.getTime() - REVISION_DAYS * DAY).toISOString(),
        ...rid,
      },
    },
  };
}

/** Answers with their keys sorted and undefined values dropped, so two submissions compare by content. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

function sameAnswers(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  return JSON.stringify(canonical(a ?? {})) === JSON.stringify(canonical(b));
}

/**
 * The shared shape of a submission: refuse expired and final invitations, answer "unchanged" for a
 * repeat of the same answers, otherwise write (first or revision) and, when another submission of the
 * same link won the race, read the invitation again and decide anew.
 */
export async function submitOnce(
  inv: Invitation,
  answers: Record<string, unknown>,
  writeAnswers: (current: Invitation, first: boolean, at: string) => Promise<Partial<Invitation>>,
): Promise<Submitted> {
  let current = inv;
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = stateOf(current);
    if (state === "expired") throw new VisibleError("gone", "expired_link", "This link has expired.");
    if (state === "final") throw new VisibleError("conflict", "already_final", "Your answers were received and can no longer be changed.");
    const first = state === "open";
    if (!first && sameAnswers(current.answers, answers)) return { outcome: "unchanged", invitation: current };
    const at = now().toISOString();
    try {
      const written = await writeAnswers(current, first, at);
      return {
        outcome: first ? "recorded" : "revised",
        invitation: {
          ...current,
          ...written,
          status: "answered",
          answeredAt: first ? at : current.answeredAt!,
          answers,
          revision: (current.revision ?? 0) + 1,
          ...(first ? {} : { revisedAt: at }),
        },
      };
    } catch (error) {
      if (!(error instanceof LostRace)) throw error;
      const fresh = await fromToken(tokenOf(current.id));
      if (!fresh) throw error;
      current = fresh;
    }
  }
  throw new VisibleError("conflict", "busy", "Your answers are being saved from another window; reload the page to see them.");
}
