/**
 * The secrets manual: one place per customer for how they want to work with us (onboarding preferences),
 * what they chose to share (dated, with the form it came on) and what reps learned (notes, dated, authored,
 * audited). Reps, their managers and admins read it; the customer reads it through the signed link in every
 * email, and deletes any item or withdraws their consent there.
 */
import { now } from "../clock/index.ts";
import { tableName, transact } from "../db/index.ts";
import { createId } from "../id.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { profileKeys } from "./keys.ts";
import { legacyEntries, storedEntries, type NoteEntry, type SharedEntry } from "./record.ts";
import { noteView, preferencesOf, sharedView, staffOrder, type NoteInput, type NoteView, type PreferencesView, type ProfileView } from "./view.ts";
import { customerOfLink, LINK_TOKEN, linkToken, linkUrl } from "./link.ts";
import { deleteItem } from "./forget.ts";
import { withdrawConsent } from "./withdraw.ts";
import { coverage } from "./coverage.ts";

/** Everything stored in a customer's profile: the customer, their preferences, what they shared and the notes, newest first. */
export interface ProfileData {
  customer: Customer & { consentWithdrawnAt?: string };
  preferences?: PreferencesView;
  shared: SharedEntry[];
  notes: NoteEntry[];
}

const newestFirst = (a: { at: string }, b: { at: string }) => b.at.localeCompare(a.at);

/** Reads a customer's whole profile (404 for an unknown customer): the stored entries and what older answers left on the customer record. */
export async function read(customerId: string): Promise<ProfileData> {
  const customer = await Customer.mustGet(customerId);
  const stored = await storedEntries(customerId);
  const shared = [...stored.filter((e): e is SharedEntry => e.kind === "shared"), ...legacyEntries(customer, stored)].sort(newestFirst);
  const notes = stored.filter((e): e is NoteEntry => e.kind === "note").sort(newestFirst);
  const preferences = preferencesOf(customer);
  return { customer, ...(preferences ? { preferences } : {}), shared, notes };
}

/** The profile as reps, managers and admins see it (view.ts says what they do not see). */
export function staffView(data: ProfileData): ProfileView {
  const c = data.customer;
  return {
    customerId: c.id,
    name: c.name,
    email: c.email,
    ...(c.company ? { company: c.company } : {}),
    ...(c.valueTier ? { valueTier: c.valueTier } : {}),
    repId: c.repId,
    ...(data.preferences ? { preferences: data.preferences } : {}),
    shared: [...data.shared].sort(staffOrder).map(sharedView),
    notes: data.notes.map(noteView),
    ...(c.consentWithdrawnAt ? { consentWithdrawnAt: c.consentWithdrawnAt } : {}),
  };
}

/**
 * Whether reps may write notes about the customer: not once they withdrew their consent, until they share
 * something again themselves.
 */
export function takesNotes(data: Pick<ProfileData, "customer" | "shared">): boolean {
  const withdrawn = data.customer.consentWithdrawnAt;
  return !withdrawn || data.shared.some((e) => e.at > withdrawn);
}

/**
 * A rep, their manager or an admin writes down what they learned about the customer: dated, authored,
 * audited (by id: the text is not copied into the log). 409 while the customer's consent is withdrawn.
 */
export async function addNote(customerId: string, input: NoteInput, author: { actor: Actor; name: string }): Promise<NoteView> {
  const data = await read(customerId);
  if (!takesNotes(data)) throw new VisibleError("conflict", "consent_withdrawn", "This customer withdrew their consent: no notes are kept about them unless they share something again.");
  const customer = data.customer;
  const at = now().toISOString();
  const note: NoteEntry = { id: createId("profileEntry"), kind: "note", customerId, text: input.text, at, repId: customer.repId, author: { ...author.actor, name: author.name } };
  await transact([
    { Put: { TableName: tableName(), Item: { ...profileKeys.note(customerId, note.id), type: "profile-entry", ...note }, ConditionExpression: "attribute_not_exists(pk)" } },
    { Update: { TableName: tableName(), Key: customerKeys.customer(customerId), UpdateExpression: "SET profileAt = :at", ConditionExpression: "attribute_exists(pk)", ExpressionAttributeValues: { ":at": at } } },
    Audit.record(author.actor, "profile.add-note", customerId, { noteId: note.id }),
  ]);
  return noteView(note);
}

export { NoteSchema, NoteViewSchema, ProfileViewSchema } from "./view.ts";
export type { NoteInput, NoteView, ProfileView } from "./view.ts";
export type { NoteEntry, SharedEntry } from "./record.ts";

export const Profile = { read, staffView, takesNotes, addNote, deleteItem, withdrawConsent, coverage, linkToken, linkUrl, customerOfLink, LINK_TOKEN };
