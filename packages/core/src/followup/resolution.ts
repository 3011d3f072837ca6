/**
 * What resolving a recovery case records beside the note ("what was fixed"): the personal gesture, if any
 * (one of the case's suggested actions or the rep's own, with its cost), and the customer's profile entries
 * that inspired it. The shapes are checked at the edge; what needs the case and the profile is checked here.
 */
import * as v from "valibot";
import { OTHER_CONTROL_CHARACTERS } from "../fields.ts";
import { VisibleError } from "../error.ts";
import { Customer } from "../customer/index.ts";
import { legacyEntries, staffId, storedEntries, type SharedEntry } from "../profile/record.ts";
import type { FollowUpRecordSchema } from "./record.ts";

type FollowUp = v.InferOutput<typeof FollowUpRecordSchema>;

/** The most a gesture may cost, in the organisation's currency. */
const MAX_COST = 100_000;
/** The most profile entries one resolution may name. */
const MAX_INSPIRED_BY = 10;

const plainText = (what: string, max: number) =>
  v.pipe(
    v.string("is required"),
    v.trim(),
    v.nonEmpty(`is required: ${what}`),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((text) => !OTHER_CONTROL_CHARACTERS.test(text), "must not contain control characters (direction marks, NUL)"),
  );

/** A number with at most two decimals (cents), allowing for binary fractions: 19.99 passes, 0.001 does not. */
const cents = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/** The personal gesture made when resolving a recovery case. */
export const GestureSchema = v.strictObject({
  description: plainText("say what the gesture was", 300),
  cost: v.optional(
    v.pipe(
      v.number("must be a number"),
      v.minValue(0, "must be 0 or more"),
      v.maxValue(MAX_COST, `must be at most ${MAX_COST}`),
      v.check(cents, "must have at most 2 decimals"),
      v.description("What it cost, in the organisation's currency."),
    ),
  ),
  suggested: v.optional(
    v.pipe(v.boolean("must be true or false"), v.description("True when it is one of the case's suggested actions; `description` must then be that action's text.")),
  ),
});

/** The ids of the customer's profile entries (what they shared, the team's notes) that inspired the gesture. */
export const InspiredBySchema = v.pipe(
  v.array(v.pipe(v.string("must be a profile entry id"), v.regex(/^[A-Za-z0-9_-]{1,60}$/, "must be a profile entry id"))),
  v.maxLength(MAX_INSPIRED_BY, `must name at most ${MAX_INSPIRED_BY} profile entries`),
  v.check((ids) => new Set(ids).size === ids.length, "must not name an entry twice"),
  v.description("Ids of the customer's profile entries that inspired the gesture, as GET /v1/customers/{id}/profile shows them (notes, and shared entries that carry an id). Only on a recovery case that names its customer."),
);

type Resolution = { gesture?: v.InferOutput<typeof GestureSchema>; inspiredBy?: string[] };

/**
 * The ids reps may name of a customer's profile entries: the notes, and what the customer shared (stored,
 * or left on the customer record by older answers) where its id dates nothing hidden (profile/record.ts, staffId).
 */
async function profileEntryIds(customerId: string): Promise<Set<string>> {
  const customer = await Customer.get(customerId);
  if (!customer) return new Set();
  const stored = await storedEntries(customerId);
  const shared = [...stored.filter((e): e is SharedEntry => e.kind === "shared"), ...legacyEntries(customer, stored)].map(staffId);
  return new Set([...stored.filter((e) => e.kind === "note").map((e) => e.id), ...shared].filter((id): id is string => Boolean(id)));
}

/**
 * Checks a resolution's gesture and inspirations against the follow-up (400 naming the field): a gesture
 * only on a recovery case; a suggested one must be one of the case's suggested actions; inspirations only
 * on a recovery case that names its customer, each an entry of that customer's profile.
 */
export async function checkResolution(f: FollowUp, input: Resolution): Promise<void> {
  if (input.gesture && f.kind !== "recovery") {
    throw new VisibleError("input", "invalid_input", "Invalid gesture: only a recovery case records a gesture.", { gesture: "is only for a recovery case" });
  }
  if (input.gesture?.suggested && !(f.suggestedActions ?? []).includes(input.gesture.description)) {
    throw new VisibleError("input", "invalid_input", "Invalid gesture.description: a suggested gesture must be one of the case's suggested actions.", {
      "gesture.description": "must be one of the case's suggested actions when suggested is true",
    });
  }
  if (!input.inspiredBy?.length) return;
  if (f.kind !== "recovery" || f.anonymous !== false || !f.customerId) {
    throw new VisibleError("input", "invalid_input", "Invalid inspiredBy: only a recovery case that names its customer can name their profile entries.", {
      inspiredBy: "is only for a recovery case that names its customer",
    });
  }
  const known = await profileEntryIds(f.customerId);
  const unknown = input.inspiredBy.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new VisibleError("input", "invalid_input", `Invalid inspiredBy: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not in this customer's profile.`, {
      inspiredBy: `names ${unknown.join(", ")}, not in this customer's profile`,
    });
  }
}
