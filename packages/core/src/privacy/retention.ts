/**
 * Retention (RAPPORT_RETENTION_MONTHS): the scheduled job erases the free text customers wrote more than N
 * months ago: report-card comments and "about me" (on the response, the form's answers, the profile entry
 * and the customer record), lost-deal cards' "What would have made you choose us?", and the text of
 * recovery cases (the card's comment, a concern, a check-in's answer). Ratings, aggregates and every other
 * number stay. It sweeps at most once a day and rewrites at most MAX_PER_RUN items per run: a bigger backlog
 * goes on at the next run (a minute later), since what is done no longer matches. Every write is idempotent.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { DateTime } from "luxon";
import { batchGet, db, queryAll, tableName, type TransactItem } from "../db/index.ts";
import { config } from "../config.ts";
import { Rep } from "../rep/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { keyOf } from "../invitation/record.ts";
import { responseKeys } from "../response/keys.ts";
import { dealKeys } from "../deal/keys.ts";
import { followUpKeys } from "../followup/keys.ts";
import { profileKeys } from "../profile/keys.ts";
import { next, periodOf, previous } from "../period/quarter.ts";
import { writeInChunks } from "./erase.ts";
import type { Item } from "./footprint.ts";
import { changesOf, updateOf, type Identity } from "./scrub.ts";

/** Items one run rewrites at most. */
export const MAX_PER_RUN = 200;
const DAY = 86_400_000;
/** The first sweep looks this far back before the cutoff for lost-deal answers (one Query per quarter). */
const FIRST_SWEEP_YEARS = 10;
/** Where the sweep stands: the last period swept to the end, and when a sweep last finished. */
export const retentionKeys = { state: { pk: "RETENTION", sk: "STATE" } };

const nobody: Identity = { customerId: "", email: "", exact: [] };
const textOf = (item: Item, set: Record<string, unknown> = {}) => updateOf(item, changesOf(item, nobody, "text"), { set });

async function getItem(Key: Record<string, string>): Promise<Item | undefined> {
  return (await db().send(new GetCommand({ TableName: tableName(), Key, ConsistentRead: true }))).Item as Item | undefined;
}

type Key = { pk: string; sk: string };
const keyText = (key: Key) => `${key.pk}|${key.sk}`;

/** The items at these keys (each read once, 100 to a BatchGetItem), found by `keyText`. */
async function itemsAt(keys: Key[]): Promise<Map<string, Item>> {
  const unique = [...new Map(keys.map((key) => [keyText(key), key])).values()];
  const found = await batchGet<Item>(unique);
  return new Map(found.map((item) => [keyText(item as unknown as Key), item]));
}

/** A counted report card's writes: the response (marked swept), its form's answers, the "about me" entry and the customer record's copy. */
function cardWrites(response: Item, at: string, read: Map<string, Item>): TransactItem[] {
  const id = response.invitationId as string;
  const customerId = response.customerId as string;
  const invitation = read.get(keyText(keyOf(id)));
  const customer = read.get(keyText(customerKeys.customer(customerId)));
  const aboutMe = profileKeys.shared(customerId, id, "aboutMe");
  return [
    textOf(response, { textErasedAt: at }),
    invitation && textOf(invitation),
    { Delete: { TableName: tableName(), Key: aboutMe } },
    customer?.aboutMeInvitationId === id ? updateOf(customer, { aboutMe: undefined, aboutMeAt: undefined, aboutMeInvitationId: undefined }) : undefined,
  ].filter((w): w is TransactItem => Boolean(w));
}

/**
 * One run's share of the sweep, as of `at`: nothing when retention is off or a sweep finished in the last
 * day. Answers how many items it rewrote.
 */
export async function eraseOldText(at: Date): Promise<number> {
  const months = config().retentionMonths;
  if (!months) return 0;
  const state = await getItem(retentionKeys.state);
  if (typeof state?.finishedAt === "string" && at.getTime() - Date.parse(state.finishedAt) < DAY) return 0;
  const cutoff = DateTime.fromJSDate(at, { zone: "utc" }).minus({ months }).toJSDate();
  const until = cutoff.toISOString();
  const last = periodOf(cutoff);
  const first = typeof state?.sweptThrough === "string" ? next(state.sweptThrough) : periodOf(DateTime.fromJSDate(cutoff).minus({ years: FIRST_SWEEP_YEARS }).toJSDate());
  const writes: TransactItem[] = [];
  const full = () => writes.length >= MAX_PER_RUN;
  const old = { ":until": until };

  for (const rep of await Rep.all()) {
    if (full()) break;
    const responses = await queryAll<Item>({
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
      FilterExpression: "answeredAt < :until AND attribute_not_exists(textErasedAt)",
      ExpressionAttributeValues: { ":pk": responseKeys.repPartition(rep.id), ":from": `${first}#`, ":to": `${last}#~`, ...old },
    });
    // Each card makes at least one write, so no more cards than there is room for are read.
    const cards = responses.slice(0, Math.max(0, MAX_PER_RUN - writes.length));
    const read = await itemsAt(cards.flatMap((r) => [keyOf(r.invitationId as string), customerKeys.customer(r.customerId as string)]));
    for (const response of cards) {
      if (full()) break;
      writes.push(...cardWrites(response, at.toISOString(), read));
    }
    const cases = await queryAll<Item>({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      FilterExpression: "createdAt < :until AND (attribute_exists(#comment) OR attribute_exists(sharedAboutThem) OR attribute_exists(#answer.#comment))",
      ExpressionAttributeNames: { "#comment": "comment", "#answer": "answer" },
      ExpressionAttributeValues: { ":pk": followUpKeys.repPartition(rep.id), ...old },
    });
    const picked = cases.slice(0, Math.max(0, MAX_PER_RUN - writes.length));
    const whole = await itemsAt(picked.map((f) => followUpKeys.followUp(f.id as string)));
    for (const f of picked) {
      const write = textOf(whole.get(keyText(followUpKeys.followUp(f.id as string))) ?? f);
      if (write) writes.push(write);
    }
  }
  for (let period = first; period <= last && !full(); period = next(period)) {
    const answers = await queryAll<Item>({
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "answeredAt < :until AND attribute_exists(chooseUs)",
      ExpressionAttributeValues: { ":pk": dealKeys.answerPartition(period), ...old },
    });
    const picked = answers.slice(0, Math.max(0, MAX_PER_RUN - writes.length));
    const invitations = await itemsAt(picked.map((answer) => keyOf(answer.invitationId as string)));
    for (const answer of picked) {
      const invitation = invitations.get(keyText(keyOf(answer.invitationId as string)));
      writes.push(...[textOf(answer), invitation && textOf(invitation)].filter((w): w is TransactItem => Boolean(w)));
    }
  }
  await writeInChunks(writes);
  if (!full()) {
    await db().send(
      new PutCommand({ TableName: tableName(), Item: { ...retentionKeys.state, type: "retention", sweptThrough: previous(last), finishedAt: at.toISOString(), until } }),
    );
  }
  return writes.length;
}
