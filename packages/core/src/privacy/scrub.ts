/**
 * How an item is rid of a customer's identity and of the free text they wrote or that was written about
 * them, whatever its type: attributes are judged by their name (wherever they sit in the item) and by
 * their value (the customer's address anywhere in a string; their name, company or contact as a whole
 * string). Numbers, ratings, ids, dates and the storage keys are never touched, which is what keeps every
 * aggregate, score card and snapshot as it was. The same rules, text only, serve the retention sweep.
 */
import { tableName, type TransactItem } from "../db/index.ts";
import type { Item } from "./footprint.ts";

/** The name an erased customer is shown by everywhere. */
export const ERASED_NAME = "Erased customer";
/** What stands where a required text was (a resolved case's note, a gesture's description). */
export const ERASED_TEXT = "[erased]";
/** The address an erased customer is stored with: reserved by RFC 2606, it reaches nobody, and it is on the suppression list. */
export const erasedEmail = (customerId: string) => `erased+${customerId}@erased.invalid`;

/** Free text the customer wrote (comments, about me, concerns, their onboarding answers' texts) or that reps wrote about them: removed. */
const TEXT = new Set(["improve", "aboutMe", "chooseUs", "comment", "what", "sharedAboutThem", "personalInterests", "onTimeMeans", "idealExperience", "interests", "text"]);
/** What the retention sweep takes out of old items: the comments, "about me" and concern texts customers wrote (their ratings stay). */
const OLD_TEXT = new Set(["improve", "aboutMe", "chooseUs", "comment", "what", "sharedAboutThem"]);
/** Texts an item must keep in some form: replaced by ERASED_TEXT. */
const REQUIRED_TEXT = new Set(["note"]);
/** Who the customer is and how to reach them: replaced by the tombstone, or removed. */
const IDENTITY = new Set(["customerName", "name", "email", "company", "contact", "emergencyContact", "lastError"]);
/** Never rewritten: the storage keys and what an item is. */
const KEYS = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "type", "id", "tokenHash"]);

/** What identifies the customer, to find their identity in values whatever the attribute is called. */
export interface Identity {
  customerId: string;
  email: string;
  /** Their name, company and contact details as given (compared whole, case and spaces aside). */
  exact: string[];
}

export type Mode = "erase" | "text";

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function identifies(value: string, who: Identity): boolean {
  return (who.email !== "" && value.toLowerCase().includes(who.email.toLowerCase())) || who.exact.some((e) => e.trim() !== "" && same(value, e));
}

/** The value with the customer's identity and text taken out; undefined when the whole value goes. */
export function scrub(value: unknown, who: Identity, mode: Mode, key?: string): unknown {
  if (key !== undefined && (mode === "text" ? OLD_TEXT : TEXT).has(key)) return undefined;
  if (mode === "text") {
    if (Array.isArray(value)) return value.map((v) => scrub(v, who, mode));
    if (value && typeof value === "object") return scrubObject(value as Record<string, unknown>, who, mode);
    return value;
  }
  if (key !== undefined && REQUIRED_TEXT.has(key) && typeof value === "string") return ERASED_TEXT;
  if (key === "gesture" && value && typeof value === "object") return { ...(value as Record<string, unknown>), description: ERASED_TEXT };
  if (key !== undefined && IDENTITY.has(key) && typeof value === "string") {
    if (key === "customerName" || key === "name") return ERASED_NAME;
    if (key === "email") return erasedEmail(who.customerId);
    return undefined;
  }
  if (typeof value === "string") return identifies(value, who) ? ERASED_TEXT : value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, who, mode)).filter((v) => v !== undefined);
  if (value && typeof value === "object") return scrubObject(value as Record<string, unknown>, who, mode);
  return value;
}

function scrubObject(value: Record<string, unknown>, who: Identity, mode: Mode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const next = scrub(v, who, mode, k);
    if (next !== undefined) out[k] = next;
  }
  return out;
}

/** The top-level attributes of `item` that scrubbing changes: their new values, or undefined for those that go. */
export function changesOf(item: Record<string, unknown>, who: Identity, mode: Mode): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (KEYS.has(k)) continue;
    const next = scrub(v, who, mode, k);
    if (JSON.stringify(next) !== JSON.stringify(v)) changes[k] = next;
  }
  return changes;
}

/** The Update that writes `changes` to `item` (SET the new values, REMOVE what goes), if it still exists; undefined when nothing changes. */
export function updateOf(item: Item, changes: Record<string, unknown>, extra: { set?: Record<string, unknown> } = {}): TransactItem | undefined {
  const all = { ...changes, ...extra.set };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(all).forEach(([k, v], i) => {
    names[`#a${i}`] = k;
    if (v === undefined) removes.push(`#a${i}`);
    else {
      values[`:v${i}`] = v;
      sets.push(`#a${i} = :v${i}`);
    }
  });
  if (!sets.length && !removes.length) return undefined;
  return {
    Update: {
      TableName: tableName(),
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: [sets.length ? `SET ${sets.join(", ")}` : "", removes.length ? `REMOVE ${removes.join(", ")}` : ""].filter(Boolean).join(" "),
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: names,
      ...(sets.length ? { ExpressionAttributeValues: values } : {}),
    },
  };
}
