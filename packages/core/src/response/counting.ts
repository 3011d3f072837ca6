/** How a report card is counted: the one Update that moves a rep's period aggregates (product.md, "Scores"). */
import { tableName, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { aggregateAttributes, aggregateKeys } from "../aggregate/keys.ts";
import { setAttribute } from "../score/totals.ts";

/** The response-rate counters of a rep's period (product.md, "Response rate"): report cards sent, and answered. */
export type Counters = Partial<Record<"invited" | "answered", number>>;

const num = (r: unknown): number | undefined => (typeof r === "number" ? r : undefined);

/**
 * The aggregate Update moving one rep's period from `before` to `after` ratings (either may be absent):
 * per behaviour, ADDs to its count, sum, sum of squares and low ratings (1–2), and to the card count.
 * A first answer adds a card (+1), a revision moves the ratings only (0), a voided card takes it out (−1).
 * The card also moves between the counters of the behaviour sets it rated (`rs_…`, see score/totals.ts).
 */
export function aggregateUpdate(
  repId: string,
  period: string,
  behaviours: string[],
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  cardDelta: -1 | 0 | 1,
  counters: Counters = {},
  /** Where the totals are kept: the rep's score aggregates, or another set of the same shape (a lost deal's coaching totals). */
  target: { key: Record<string, string>; type: string } = { key: aggregateKeys.rep(period, repId), type: "aggregate" },
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":at": now().toISOString(), ":rep": repId, ":period": period };
  const adds: string[] = [];
  if (cardDelta) {
    adds.push("cards :card");
    values[":card"] = cardDelta;
  }
  for (const [name, delta] of Object.entries(counters)) {
    if (!delta) continue;
    adds.push(`${name} :${name}`);
    values[`:${name}`] = delta;
  }
  behaviours.forEach((b, i) => {
    const o = num(before?.[b]);
    const r = num(after[b]);
    const dn = (r === undefined ? 0 : 1) - (o === undefined ? 0 : 1);
    const ds = (r ?? 0) - (o ?? 0);
    const dq = (r ?? 0) ** 2 - (o ?? 0) ** 2;
    const dl = (r !== undefined && r <= 2 ? 1 : 0) - (o !== undefined && o <= 2 ? 1 : 0);
    if (dn === 0 && ds === 0 && dq === 0) return;
    const attrs = aggregateAttributes(b);
    names[`#n${i}`] = attrs.n;
    names[`#s${i}`] = attrs.sum;
    names[`#q${i}`] = attrs.sumsq;
    names[`#l${i}`] = attrs.low;
    values[`:n${i}`] = dn;
    values[`:s${i}`] = ds;
    values[`:q${i}`] = dq;
    values[`:l${i}`] = dl;
    adds.push(`#n${i} :n${i}`, `#s${i} :s${i}`, `#q${i} :q${i}`, `#l${i} :l${i}`);
  });
  const rated = (ratings: Record<string, unknown> | undefined) => behaviours.filter((b) => num(ratings?.[b]) !== undefined);
  const was = before && cardDelta <= 0 ? rated(before) : [];
  const is = cardDelta >= 0 ? rated(after) : [];
  if (setAttribute(was) !== setAttribute(is)) {
    for (const [i, [set, delta]] of ([[was, -1], [is, 1]] as const).entries()) {
      if (!set.length) continue;
      names[`#r${i}`] = setAttribute(set);
      values[`:r${i}`] = delta;
      adds.push(`#r${i} :r${i}`);
    }
  }
  return {
    Update: {
      TableName: tableName(),
      Key: target.key,
      UpdateExpression: `SET updatedAt = :at, repId = :rep, period = :period, #type = :type${adds.length ? ` ADD ${adds.join(", ")}` : ""}`,
      ExpressionAttributeNames: { ...names, "#type": "type" },
      ExpressionAttributeValues: { ...values, ":type": target.type },
    },
  };
}

/** An Update adding to a rep's response-rate counters in a period (the aggregate item is made if missing). */
export function countersUpdate(repId: string, period: string, counters: Counters): TransactItem {
  return aggregateUpdate(repId, period, [], undefined, {}, 0, counters);
}

/**
 * The aggregate writes of a counted or voided report card: its ratings in `period`, and `answered` moved in
 * the period it was sent in (the same Update when that is `period`: a transaction writes an item once).
 * A report card sent before response rates were counted (no `invitedIn`) moves no `answered`.
 */
export function cardUpdates(
  inv: { repId: string; invitedIn?: string },
  period: string,
  behaviours: string[],
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  cardDelta: -1 | 0 | 1,
): TransactItem[] {
  const answered = inv.invitedIn && cardDelta ? { answered: cardDelta } : {};
  if (!inv.invitedIn || inv.invitedIn === period || !cardDelta) return [aggregateUpdate(inv.repId, period, behaviours, before, after, cardDelta, answered)];
  return [aggregateUpdate(inv.repId, period, behaviours, before, after, cardDelta), countersUpdate(inv.repId, inv.invitedIn, answered)];
}
