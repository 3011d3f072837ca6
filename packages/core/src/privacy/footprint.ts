/**
 * Everything stored about one customer, found through the keys that lead to it (never a scan): their own
 * partition (the record, onboarding answers, profile entries and notes), their invitations (by the customer
 * index), the responses and lost-deal answers those invitations were counted as, the follow-ups that name
 * them or that their cards opened (an anonymous case is theirs too, linked from the card), the bias flags
 * on their responses, the email pointers, the campaign batches that listed them, the deals and their
 * contact cap, the outbound events that name them (by the customer index), their address's suppression
 * and unsubscribe items, and every audit entry about any of these.
 * Items come as stored, with their keys, so the export reads them and the erasure rewrites them.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, db, queryAll, tableName } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { customerKeys } from "../customer/keys.ts";
import { invitationKeys } from "../invitation/keys.ts";
import { responseKeys } from "../response/keys.ts";
import { dealKeys } from "../deal/keys.ts";
import { followUpKeys } from "../followup/keys.ts";
import { touchId } from "../followup/index.ts";
import { flagKeys } from "../flag/keys.ts";
import { flagId } from "../flag/record.ts";
import { ruleCodes } from "../flag/rules.ts";
import { campaignKeys } from "../campaign/keys.ts";
import { suppressionKeys } from "../suppression/keys.ts";
import { unsubscribeToken } from "../suppression/index.ts";
import { sha256 } from "../invitation/record.ts";
import { webhookKeys } from "../webhook/keys.ts";

export type Item = Record<string, unknown> & { pk: string; sk: string };

export interface Footprint {
  customer: Item;
  /** The customer's partition but the record: onboarding answers (`PREF#`), profile entries and notes (`PROFILE#`). */
  partition: Item[];
  emailLock?: Item;
  invitations: Item[];
  /** Counted report cards and lost-deal answers. */
  responses: Item[];
  followUps: Item[];
  flags: Item[];
  messages: Item[];
  /** Campaign batches that listed the customer. */
  batches: Item[];
  deals: Item[];
  /** Outbound events not yet expired that name the customer (a named case, a card they put their name to). */
  outbox: Item[];
  contactCap?: Item;
  suppression: Item[];
  audit: Item[];
}

/** Each key once: BatchGetItem refuses a request that names a key twice. */
const once = (keys: Record<string, string>[]) => [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];

const str = (item: Record<string, unknown>, name: string) => (typeof item[name] === "string" ? (item[name] as string) : undefined);

async function getItem(Key: Record<string, string>): Promise<Item | undefined> {
  return (await db().send(new GetCommand({ TableName: tableName(), Key, ConsistentRead: true }))).Item as Item | undefined;
}

/** The follow-ups that name the customer (any rep they were with) and those their cards opened, with the check-ins that followed them. */
async function followUpsOf(customerId: string, repIds: string[], invitations: Item[]): Promise<Item[]> {
  const named = await Promise.all(
    repIds.map((repId) => queryAll<Item>({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": followUpKeys.repPartition(repId) } })),
  );
  const found = new Map(named.flat().filter((f) => f.customerId === customerId).map((f) => [f.id as string, f]));
  let wanted = [touchId(customerId), ...invitations.map((i) => str(i, "recoveryId")).filter((id): id is string => Boolean(id))];
  // Cases lead to their check-ins and a check-in to the case it opened: follow the links until nothing new.
  while ((wanted = wanted.filter((id) => !found.has(id))).length) {
    const more = await batchGet<Item>(once(wanted.map((id) => followUpKeys.followUp(id))));
    for (const f of more) found.set(f.id as string, f);
    if (!more.length) break;
    wanted = more.flatMap((f) => ["checkInId", "followsId", "openedCaseId"].map((k) => str(f, k)).filter((id): id is string => Boolean(id)));
  }
  return [...found.values()];
}

/** The audit entries about these entities (customer, invitations, follow-ups, the address), each once. */
async function auditOf(entityIds: string[]): Promise<Item[]> {
  const lists = await Promise.all(
    [...new Set(entityIds)].map((id) => queryAll<Item>({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": `AUDIT#${id}` } })),
  );
  return [...new Map(lists.flat().map((e) => [`${e.pk}|${e.sk}`, e])).values()];
}

/** Everything stored about the customer (404 for an unknown one). */
export async function footprintOf(customerId: string): Promise<Footprint> {
  const customer = await getItem(customerKeys.customer(customerId));
  if (!customer) throw new VisibleError("not-found", "customer_not_found", `No customer has the id ${customerId}.`);
  const email = (customer.email as string).toLowerCase();
  const [own, invitations] = await Promise.all([
    queryAll<Item>({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": customerKeys.customer(customerId).pk }, ConsistentRead: true }),
    queryAll<Item>({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": `CUS#${customerId}#INV` } }),
  ]);
  const answered = invitations.filter((i) => i.period && i.answeredAt && i.kind !== "onboarding");
  const responseKey = (i: Item) =>
    i.kind === "lost-deal" ? dealKeys.answer(i.period as string, i.answeredAt as string, i.id as string) : responseKeys.response(i.repId as string, i.period as string, i.answeredAt as string, i.id as string);
  const repIds = [...new Set([customer.repId as string, ...invitations.map((i) => i.repId as string)])];
  const campaigns = [...new Set(invitations.map((i) => str(i, "campaignId")).filter((id): id is string => Boolean(id)))];
  const [responses, followUps, flags, messages, batches, emailLock, contactCap, suppression, outbox] = await Promise.all([
    batchGet<Item>(answered.map(responseKey)),
    followUpsOf(customerId, repIds, invitations),
    batchGet<Item>(answered.flatMap((i) => ruleCodes.map((rule) => flagKeys.flag(flagId(i.id as string, rule))))),
    batchGet<Item>(once(invitations.map((i) => str(i, "messageId")).filter((id): id is string => Boolean(id)).map((id) => invitationKeys.message(id)))),
    Promise.all(
      campaigns.map((id) =>
        queryAll<Item>({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :batch)", ExpressionAttributeValues: { ":pk": campaignKeys.partition(id), ":batch": "BATCH#" } }),
      ),
    ).then((lists) => lists.flat().filter((b) => ((b.customers ?? []) as { id: string }[]).some((c) => c.id === customerId))),
    getItem(customerKeys.email(email)),
    getItem(dealKeys.contactCap(customerId)),
    batchGet<Item>([suppressionKeys.address(email), suppressionKeys.token(sha256(unsubscribeToken(email))), suppressionKeys.hashed(email)]),
    queryAll<Item>({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": webhookKeys.customerPartition(customerId) } }),
  ]);
  const audit = await auditOf([customerId, email, ...invitations.map((i) => i.id as string), ...followUps.map((f) => f.id as string)]);
  const dealKeysOf = audit
    .filter((e) => (e.action === "deal.lost" || e.action === "deal.won") && typeof (e.detail as Record<string, unknown> | undefined)?.dealId === "string")
    .map((e) => dealKeys.deal(e.action === "deal.lost" ? "lost" : "won", (e.detail as { dealId: string }).dealId));
  const deals = await batchGet<Item>(once(dealKeysOf));
  return {
    customer,
    partition: own.filter((i) => i.sk !== customer.sk),
    ...(emailLock && emailLock.customerId === customerId ? { emailLock } : {}),
    invitations,
    responses,
    followUps,
    flags,
    messages,
    batches,
    deals,
    outbox,
    ...(contactCap ? { contactCap } : {}),
    suppression,
    audit,
  };
}
