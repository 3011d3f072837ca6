/**
 * What a customer's profile holds: entries the customer shared (one per form and field, dated, with the
 * form it came on) and notes reps wrote (dated, authored). Answers from before the profile existed live
 * on the customer record (`preferences`, `aboutMe`): they are read from there as legacy entries, not copied.
 */
import { queryAll, strip } from "../db/index.ts";
import type { Actor } from "../audit/index.ts";
import type { Customer } from "../customer/index.ts";
import { periodOf } from "../period/quarter.ts";
import { profileKeys } from "./keys.ts";

/** The things a customer may share on a form: onboarding's interests and personal interests, the report card's "anything you'd like {rep} to know". */
export const sharedFields = ["interests", "personalInterests", "aboutMe"] as const;
export type SharedField = (typeof sharedFields)[number];
export const sources = ["onboarding", "report-card"] as const;
export type Source = (typeof sources)[number];

/** One thing the customer shared, as stored. */
export interface SharedEntry {
  id: string;
  kind: "shared";
  customerId: string;
  field: SharedField;
  /** Personal interests, "about me". */
  text?: string;
  /** The interests ticked or typed on the onboarding form. */
  interests?: string[];
  source: Source;
  /** The invitation (form) it came on. */
  sourceId: string;
  /** The rep the form credited (frozen when it was sent): whose customers shared it. */
  repId: string;
  at: string;
  revisedAt?: string;
  /** A report card's "Share my name with {rep}" was ticked: reps may see when it was shared. */
  named: boolean;
  /** Read from the customer record (answered before the profile existed), not stored as an entry. */
  legacy?: boolean;
}

/** A note a rep, their manager or an admin wrote about the customer. */
export interface NoteEntry {
  id: string;
  kind: "note";
  customerId: string;
  text: string;
  at: string;
  /** The customer's rep when it was written. */
  repId: string;
  author: { kind: Actor["kind"]; id: string; name: string };
}

export type Entry = SharedEntry | NoteEntry;

/** The same value: two texts alike once trimmed, or two lists of interests alike in any order. */
export function sameValue(a: Pick<SharedEntry, "text" | "interests">, b: Pick<SharedEntry, "text" | "interests">): boolean {
  if (a.interests || b.interests) return JSON.stringify([...(a.interests ?? [])].sort()) === JSON.stringify([...(b.interests ?? [])].sort());
  return (a.text ?? "").trim() === (b.text ?? "").trim();
}

/** Every stored entry of a customer (one Query). */
export async function storedEntries(customerId: string): Promise<Entry[]> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": profileKeys.partition(customerId), ":prefix": profileKeys.prefix },
  });
  return items.map((item) => strip(item) as unknown as Entry);
}

type Legacy = Customer & { preferences?: { interests?: string[]; personalInterests?: string; updatedAt?: string; invitationId?: string }; aboutMe?: string; aboutMeAt?: string; aboutMeInvitationId?: string };

/**
 * What the customer record still holds that no stored entry carries: answers from before the profile
 * existed. A report card's "about me" from then is treated as shared without the name (its date is shown
 * to reps as the quarter only), since whether that card's name was shared is not read.
 */
export function legacyEntries(customer: Customer, stored: Entry[]): SharedEntry[] {
  const c = customer as Legacy;
  const shared = stored.filter((e): e is SharedEntry => e.kind === "shared");
  const covered = (field: SharedField, value: Pick<SharedEntry, "text" | "interests">) => shared.some((e) => e.field === field && sameValue(e, value));
  const out: SharedEntry[] = [];
  const base = { kind: "shared" as const, customerId: c.id, repId: c.repId, legacy: true };
  const prefs = c.preferences;
  if (prefs?.updatedAt) {
    const from = { source: "onboarding" as const, sourceId: prefs.invitationId ?? "", at: prefs.updatedAt, named: true };
    if (prefs.interests?.length && !covered("interests", { interests: prefs.interests })) out.push({ ...base, ...from, id: "legacy-interests", field: "interests", interests: prefs.interests });
    if (prefs.personalInterests && !covered("personalInterests", { text: prefs.personalInterests })) out.push({ ...base, ...from, id: "legacy-personalInterests", field: "personalInterests", text: prefs.personalInterests });
  }
  if (c.aboutMe && c.aboutMeAt && !covered("aboutMe", { text: c.aboutMe })) {
    out.push({ ...base, id: "legacy-aboutMe", field: "aboutMe", text: c.aboutMe, source: "report-card", sourceId: c.aboutMeInvitationId ?? "", at: c.aboutMeAt, named: false });
  }
  return out;
}

/** When reps may see a shared entry was shared: the instant when the customer shared their name with it (or on onboarding), else only the quarter. */
export function visibleWhen(entry: SharedEntry): { period: string; sharedAt?: string } {
  return { period: periodOf(new Date(entry.at)), ...(entry.named ? { sharedAt: entry.at } : {}) };
}

/**
 * The id reps may see of a shared entry, to name it (a recovery's "what inspired it"): the id of a legacy
 * entry or of one whose instant they see anyway; none for an entry shared without the name, since its
 * time-ordered id would date it.
 */
export function staffId(entry: SharedEntry): string | undefined {
  return entry.legacy || visibleWhen(entry).sharedAt ? entry.id : undefined;
}

/** The instant of the newest entry, shared or noted; undefined when there is none. */
export function latestAt(entries: Entry[]): string | undefined {
  return entries.map((e) => e.at).sort().at(-1);
}
