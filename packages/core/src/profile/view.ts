/**
 * What reps, managers and admins see of a customer's profile (GET /v1/customers/{id}/profile), and the
 * schemas the API validates and publishes. Reps see what the customer shared, but never when exactly
 * a report card shared it without the customer's name: that instant would tie the customer to the
 * anonymous ratings and comment of the same card (product.md, "Report card").
 */
import * as v from "valibot";
import { OTHER_CONTROL_CHARACTERS } from "../fields.ts";
import type { Customer } from "../customer/index.ts";
import { bounds } from "../period/quarter.ts";
import { cadences, channels, responseTimes } from "../survey/onboarding-choices.ts";
import { sharedFields, sources, staffId, visibleWhen, type NoteEntry, type SharedEntry } from "./record.ts";

/** A note's text: required, at most 2000 characters; line breaks and tabs are kept, other control characters refused. */
export const NoteSchema = v.strictObject({
  text: v.pipe(
    v.string("is required"),
    v.trim(),
    v.nonEmpty("is required: write what you learned"),
    v.maxLength(2000, "must be at most 2000 characters"),
    v.check((text) => !OTHER_CONTROL_CHARACTERS.test(text), "must not contain control characters (direction marks, NUL)"),
    v.check((text) => text.isWellFormed(), "must be well-formed text"),
  ),
});
export type NoteInput = v.InferOutput<typeof NoteSchema>;

/** A note as reps and the API show it. */
export const NoteViewSchema = v.object({
  id: v.string(),
  text: v.string(),
  at: v.pipe(v.string(), v.description("When it was written.")),
  author: v.object({ name: v.pipe(v.string(), v.description("Who wrote it: a rep's or manager's name, or \"An administrator\" for an API key.")) }),
});
export type NoteView = v.InferOutput<typeof NoteViewSchema>;

/** Something the customer chose to share, as reps see it. */
export const SharedViewSchema = v.object({
  id: v.optional(
    v.pipe(
      v.string(),
      v.description("The entry's id, to name it in a recovery's `inspiredBy`; absent on an entry shared on a report card without the customer's name (its time-ordered id would date it)."),
    ),
  ),
  field: v.pipe(v.picklist(sharedFields), v.description("interests and personalInterests from the onboarding form; aboutMe from a report card's \"Anything you'd like {rep} to know about you?\".")),
  text: v.optional(v.string()),
  interests: v.optional(v.array(v.string())),
  source: v.picklist(sources),
  period: v.pipe(v.string(), v.description("The quarter it was shared in.")),
  sharedAt: v.optional(
    v.pipe(v.string(), v.description("When it was shared: given for the onboarding form and for a report card on which the customer shared their name, never otherwise (it would tie them to that card's anonymous ratings).")),
  ),
});
export type SharedView = v.InferOutput<typeof SharedViewSchema>;

/** How and when the customer wants to work with us (their latest onboarding answers). */
export const PreferencesViewSchema = v.object({
  channel: v.picklist(channels),
  contact: v.optional(v.string()),
  timezone: v.string(),
  bestHours: v.optional(v.string()),
  cadence: v.picklist(cadences),
  responseTime: v.picklist(responseTimes),
  emergencyContact: v.optional(v.string()),
  onTimeMeans: v.optional(v.string()),
  idealExperience: v.optional(v.string()),
  updatedAt: v.string(),
});
export type PreferencesView = v.InferOutput<typeof PreferencesViewSchema>;

/** The secrets manual of one customer. */
export const ProfileViewSchema = v.object({
  customerId: v.string(),
  name: v.string(),
  email: v.string(),
  company: v.optional(v.string()),
  valueTier: v.optional(v.string()),
  repId: v.string(),
  preferences: v.optional(PreferencesViewSchema),
  shared: v.pipe(v.array(SharedViewSchema), v.description("Newest first.")),
  notes: v.pipe(v.array(NoteViewSchema), v.description("Newest first.")),
  consentWithdrawnAt: v.optional(v.pipe(v.string(), v.description("The customer withdrew their consent then: everything before it was deleted."))),
});
export type ProfileView = v.InferOutput<typeof ProfileViewSchema>;

const PREFERENCE_FIELDS = ["channel", "contact", "timezone", "bestHours", "cadence", "responseTime", "emergencyContact", "onTimeMeans", "idealExperience", "updatedAt"] as const;

/** The customer's latest onboarding preferences, without what they shared (those are entries). */
export function preferencesOf(customer: Customer): PreferencesView | undefined {
  const prefs = (customer as Customer & { preferences?: Record<string, unknown> }).preferences;
  if (!prefs?.channel) return undefined;
  return Object.fromEntries(PREFERENCE_FIELDS.filter((f) => prefs[f] !== undefined && prefs[f] !== "").map((f) => [f, prefs[f]])) as PreferencesView;
}

export const noteView = (note: NoteEntry): NoteView => ({ id: note.id, text: note.text, at: note.at, author: { name: note.author.name } });

/** A shared entry as reps see it: no form, and the instant and id only where the customer shared their name with it (or on onboarding). */
export function sharedView(entry: SharedEntry): SharedView {
  const id = staffId(entry);
  return { ...(id ? { id } : {}), field: entry.field, ...(entry.interests ? { interests: entry.interests } : { text: entry.text ?? "" }), source: entry.source, ...visibleWhen(entry) };
}

/** The order reps see shared entries in: by the time they may see (the quarter's start where the instant is hidden), newest first. */
export function staffOrder(a: SharedEntry, b: SharedEntry): number {
  const key = (e: SharedEntry) => visibleWhen(e).sharedAt ?? bounds(visibleWhen(e).period).start.toISOString();
  return key(b).localeCompare(key(a));
}
