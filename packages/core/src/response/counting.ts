/** How a report card is counted: the one Update that moves a rep's period aggregates (product.md, "Scores"). */
import { tableName, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { aggregateAttributes, aggregateKeys } from "../aggregate/keys.ts";
import { setAttribute } from "../score/totals.ts";

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
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":at": now().toISOString(), ":rep": repId, ":period": period };
  const adds: string[] = [];
  if (cardDelta) {
    adds.push("cards :card");
    values[":card"] = cardDelta;
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
      Key: aggregateKeys.rep(period, repId),
      UpdateExpression: `SET updatedAt = :at, repId = :rep, period = :period, #type = :type${adds.length ? ` ADD ${adds.join(", ")}` : ""}`,
      ExpressionAttributeNames: { ...names, "#type": "type" },
      ExpressionAttributeValues: { ...values, ":type": "aggregate" },
    },
  };
}
