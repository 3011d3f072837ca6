/**
 * A customer deletes one item of their profile, from their "What we know about you" page: something they
 * shared, or a note a rep wrote. A shared item goes from every place it was copied to (the customer record
 * the next form pre-fills from, every version of their onboarding answers, the forms' answers, the
 * recovery cases that quoted it), then the entry itself, audited by ids only.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sendIf, tableName, transact, type TransactItem } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { Audit } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { keyOf } from "../invitation/record.ts";
import { followUpKeys } from "../followup/keys.ts";
import { profileKeys } from "./keys.ts";
import { followUpsNaming, invitationsOf, preferenceVersions } from "./history.ts";
import { latestAt, legacyEntries, sameValue, storedEntries, type Entry, type SharedEntry } from "./record.ts";

/** The storage key of a stored entry. */
export function keyOfEntry(entry: Entry) {
  return entry.kind === "note" ? profileKeys.note(entry.customerId, entry.id) : profileKeys.shared(entry.customerId, entry.sourceId, entry.field);
}

/** Takes a copy out of a record; a record erased or deleted meanwhile holds no copy to take out. */
const update = (Key: Record<string, unknown>, UpdateExpression: string, values?: Record<string, unknown>) =>
  sendIf(new UpdateCommand({ TableName: tableName(), Key, UpdateExpression, ConditionExpression: "attribute_exists(pk)", ...(values ? { ExpressionAttributeValues: values } : {}) }), () => undefined);

/** The value as a form gave it, for comparing with an entry. */
const asValue = (entry: SharedEntry, raw: unknown) => (entry.field === "interests" ? { interests: Array.isArray(raw) ? (raw as string[]) : [] } : { text: typeof raw === "string" ? raw : "" });
const holds = (entry: SharedEntry, raw: unknown) => raw !== undefined && raw !== null && sameValue(entry, asValue(entry, raw));

/** "a · b · c" without the part that is `text`. */
function without(joined: string, text: string): string {
  return joined
    .split(" · ")
    .filter((part) => part.trim() !== text.trim())
    .join(" · ");
}

/** Takes a shared value out of every copy of it: the customer record, onboarding versions, forms' answers and recovery cases. */
async function scrub(customer: Customer, entry: SharedEntry): Promise<void> {
  const c = customer as Customer & { preferences?: Record<string, unknown>; aboutMe?: string };
  if (entry.field === "aboutMe" && holds(entry, c.aboutMe)) await update(customerKeys.customer(c.id), "REMOVE aboutMe, aboutMeAt, aboutMeInvitationId");
  if (entry.field !== "aboutMe" && holds(entry, c.preferences?.[entry.field])) await update(customerKeys.customer(c.id), `REMOVE preferences.${entry.field}`);
  for (const version of await preferenceVersions(c.id)) {
    if (entry.field !== "aboutMe" && holds(entry, version[entry.field])) await update({ pk: version.pk, sk: version.sk }, `REMOVE ${entry.field}`);
  }
  const invitations = await invitationsOf(c.id);
  for (const inv of invitations) {
    if (holds(entry, inv.answers?.[entry.field])) await update(keyOf(inv.id), `REMOVE answers.${entry.field}`);
  }
  for (const f of await followUpsNaming(customer, invitations)) {
    if (entry.field === "interests" && f.interests && sameValue(entry, { interests: f.interests })) await update(followUpKeys.followUp(f.id), "REMOVE interests");
    if (entry.text && f.sharedAboutThem?.split(" · ").some((part) => part.trim() === entry.text!.trim())) {
      const rest = without(f.sharedAboutThem, entry.text);
      await (rest ? update(followUpKeys.followUp(f.id), "SET sharedAboutThem = :s", { ":s": rest }) : update(followUpKeys.followUp(f.id), "REMOVE sharedAboutThem"));
    }
  }
}

/** The customer record's `profileAt` as the entries left make it: the newest one's instant, or null (none left; not read from older fields). */
export function profileAtItem(customerId: string, latest: string | undefined): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: customerKeys.customer(customerId),
      UpdateExpression: "SET profileAt = :at",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":at": latest ?? null },
    },
  };
}

/** The customer deletes one item of their profile by its id: 404 when it is no longer there. */
export async function deleteItem(customerId: string, itemId: string): Promise<void> {
  const customer = await Customer.mustGet(customerId);
  const stored = await storedEntries(customerId);
  const entry = [...stored, ...legacyEntries(customer, stored)].find((e) => e.id === itemId);
  if (!entry) throw new VisibleError("not-found", "item_not_found", "This item is no longer stored.");
  if (entry.kind === "shared") await scrub(customer, entry);
  const rest = stored.filter((e) => e.id !== entry.id);
  const left = [...rest, ...legacyEntries(await Customer.mustGet(customerId), rest)];
  const gone = () => {
    throw new VisibleError("not-found", "item_not_found", "This item is no longer stored.");
  };
  await transact(
    [
      ...(entry.kind === "shared" && entry.legacy ? [] : [{ Delete: { TableName: tableName(), Key: keyOfEntry(entry), ConditionExpression: "attribute_exists(pk)" } }]),
      profileAtItem(customerId, latestAt(left)),
      Audit.record({ kind: "customer", id: customerId }, "profile.delete-item", customerId, { itemId: entry.id, kind: entry.kind, ...(entry.kind === "shared" ? { field: entry.field } : {}) }),
    ],
    gone,
  );
}
