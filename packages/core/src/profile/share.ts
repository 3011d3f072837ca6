/**
 * What a customer shares as their answers arrive: the entries a form's own transaction writes. A form
 * pre-fills what we already know, so sending the same again shares nothing new; a revision of the same
 * form replaces its entries (keeping when they were first shared), and a field emptied in a revision
 * takes its entry away.
 */
import { tableName, type TransactItem } from "../db/index.ts";
import { createId } from "../id.ts";
import type { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { profileKeys } from "./keys.ts";
import { legacyEntries, sameValue, type Entry, type SharedEntry, type SharedField, type Source } from "./record.ts";

type Value = Pick<SharedEntry, "text" | "interests">;

/** The value a form gave for a field, or undefined when it gave none (blank text, no interests). */
function valueOf(field: SharedField, given: unknown): Value | undefined {
  if (field === "interests") {
    const list = Array.isArray(given) ? given.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];
    return list.length ? { interests: list } : undefined;
  }
  return typeof given === "string" && given.trim() ? { text: given.trim() } : undefined;
}

/** The Put of a stored shared entry: under its customer, and on its rep's shared-by-month index. */
export function sharedItem(entry: SharedEntry): TransactItem {
  const { legacy: _legacy, ...stored } = entry;
  return {
    Put: {
      TableName: tableName(),
      Item: { ...profileKeys.shared(entry.customerId, entry.sourceId, entry.field), ...profileKeys.sharedByRep(entry.repId, entry.at, entry.id), type: "profile-entry", ...stored },
    },
  };
}

export interface ShareInput {
  customer: Customer;
  /** The customer's stored entries, read before the form's transaction. */
  stored: Entry[];
  invitation: { id: string; repId: string };
  source: Source;
  at: string;
  /** A report card's "Share my name with {rep}". */
  named: boolean;
  /** The fields this form writes over on the customer record (their earlier values are kept as entries first). */
  overwrites: SharedField[];
  values: Partial<Record<SharedField, unknown>>;
}

/**
 * The writes for what one form shared, and whether any of it is new (the customer's `profileAt` then
 * moves). Answers from before the profile existed, which the form is about to overwrite on the customer
 * record, become entries first, with their own dates.
 */
export function shareItems(input: ShareInput): { items: TransactItem[]; created: boolean } {
  const legacy = legacyEntries(input.customer, input.stored);
  const shared = input.stored.filter((e): e is SharedEntry => e.kind === "shared");
  const items: TransactItem[] = [];
  for (const old of legacy) {
    if (input.overwrites.includes(old.field) && old.sourceId !== input.invitation.id) items.push(sharedItem({ ...old, id: createId("profileEntry"), legacy: false }));
  }
  let created = false;
  for (const [field, given] of Object.entries(input.values) as [SharedField, unknown][]) {
    const own = shared.find((e) => e.sourceId === input.invitation.id && e.field === field);
    const value = valueOf(field, given);
    const known = [...shared, ...legacy].some((e) => e.field === field && e.sourceId !== input.invitation.id && value && sameValue(e, value));
    if (!value || known) {
      if (own) items.push({ Delete: { TableName: tableName(), Key: profileKeys.shared(input.customer.id, input.invitation.id, field) } });
      continue;
    }
    if (own && sameValue(own, value) && own.named === input.named) continue;
    const { text: _t, interests: _i, ...kept } = own ?? ({} as Partial<SharedEntry>);
    items.push(
      sharedItem({
        ...kept,
        id: own?.id ?? createId("profileEntry"),
        kind: "shared",
        customerId: input.customer.id,
        field,
        ...value,
        source: input.source,
        sourceId: input.invitation.id,
        repId: input.invitation.repId,
        at: own?.at ?? input.at,
        ...(own ? { revisedAt: input.at } : {}),
        named: input.named,
      }),
    );
    if (!own) created = true;
  }
  return { items, created };
}

/**
 * The writes of a report card's "Anything you'd like {rep} to know about you?": its entry, and the
 * customer record's copy (what the next form pre-fills and a recovery case shows). The copy changes only
 * when the text does, so sending the pre-filled text again moves no date; a revision that empties the
 * answer takes both away.
 */
export function aboutMeItems(input: { customer: Customer; stored: Entry[]; invitation: { id: string; repId: string }; aboutMe: string | undefined; named: boolean; at: string }): TransactItem[] {
  const current = (input.customer as Customer & { aboutMe?: string }).aboutMe;
  const given = input.aboutMe?.trim() || undefined;
  const changes = given !== undefined && current?.trim() !== given;
  const shared = shareItems({ ...input, source: "report-card", overwrites: changes ? ["aboutMe"] : [], values: { aboutMe: given } });
  const own = input.stored.find((e): e is SharedEntry => e.kind === "shared" && e.field === "aboutMe" && e.sourceId === input.invitation.id);
  const Key = customerKeys.customer(input.customer.id);
  const profileAt = shared.created ? { set: ", profileAt = :at", values: { ":at": input.at } } : { set: "", values: {} };
  if (changes) {
    shared.items.push({
      Update: {
        TableName: tableName(),
        Key,
        UpdateExpression: `SET aboutMe = :text, aboutMeAt = :at, aboutMeInvitationId = :inv${profileAt.set}`,
        ExpressionAttributeValues: { ":text": given, ":at": input.at, ":inv": input.invitation.id },
      },
    });
  } else if (!given && own && current && sameValue(own, { text: current })) {
    shared.items.push({ Update: { TableName: tableName(), Key, UpdateExpression: "REMOVE aboutMe, aboutMeAt, aboutMeInvitationId" } });
  } else if (shared.created) {
    shared.items.push({ Update: { TableName: tableName(), Key, UpdateExpression: "SET profileAt = :at", ExpressionAttributeValues: profileAt.values } });
  }
  return shared.items;
}
