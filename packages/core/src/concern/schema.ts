// What a customer sends with a concern, and what raising one answers. The contact is checked as the
// onboarding form checks it (survey/onboarding.ts, with its phone-number library), so only the concern
// form's route loads this file.
import * as v from "valibot";
import { CONTROL_CHARACTERS, OTHER_CONTROL_CHARACTERS, VISIBLE_CHARACTER, sameLineBreaks } from "../fields.ts";
import { concernUrgencies } from "../followup/record.ts";
import { channels, type Channel } from "../survey/onboarding-choices.ts";
import { checkContact } from "../survey/onboarding.ts";

/** The customer's explicit choice: may they be contacted about it, or should the manager see it without their name. */
export const concernReplies = ["contact", "anonymous"] as const;

/** What a form's `submission` value looks like (the page makes 22 characters of base64url). */
export const SUBMISSION = /^[A-Za-z0-9_-]{16,64}$/;

/** The longest concern we take, in characters (after trimming, each line break counted once as the form's maxlength counts it). */
export const CONCERN_MAX_CHARS = 2000;
const REQUIRED = "What happened is required: tell us in a few words";

const Fields = v.strictObject({
  what: v.pipe(
    v.string("What happened must be text"),
    v.description(`At most ${CONCERN_MAX_CHARS} characters, each line break ("\\n" or "\\r\\n") counted once; kept with "\\n" line breaks.`),
    v.trim(),
    v.nonEmpty(REQUIRED),
    // Only blanks, joiners or other invisible characters say nothing: as empty.
    v.regex(VISIBLE_CHARACTER, REQUIRED),
    // Counted as the form's maxlength counts: each line break once, though browsers send "\r\n".
    v.check((text) => sameLineBreaks(text).length <= CONCERN_MAX_CHARS, (issue) => `What happened must be at most ${CONCERN_MAX_CHARS} characters (it has ${sameLineBreaks(issue.input as string).length})`),
    v.check((text) => !OTHER_CONTROL_CHARACTERS.test(text), "What happened must not contain control characters (direction marks, NUL)"),
    v.check((text) => text.isWellFormed(), "What happened must be well-formed text"),
    v.transform(sameLineBreaks),
  ),
  urgency: v.picklist(concernUrgencies, "How urgent it is must be today, this-week or no-rush"),
  reply: v.picklist(concernReplies, "Whether we may contact you must be contact or anonymous"),
  channel: v.optional(v.picklist(channels, "How to reach you must be email, phone, text or video")),
  contact: v.optional(
    v.pipe(
      v.string("Contact must be text"),
      v.trim(),
      v.maxLength(200, "Contact must be at most 200 characters"),
      v.check((text) => !CONTROL_CHARACTERS.test(text), "Contact must not contain control characters (line breaks, tabs, direction marks)"),
      v.check((text) => text.isWellFormed(), "Contact must be well-formed text"),
      // Only blanks, joiners or other invisible characters: not given.
      v.transform((text) => (VISIBLE_CHARACTER.test(text) ? text : "")),
    ),
  ),
  submission: v.optional(
    v.pipe(
      v.string("Submission must be text"),
      v.regex(SUBMISSION, "Submission must be 16 to 64 letters, digits, - or _"),
      v.description(
        "A value unique to one filling-in of the form (the form page sends a random one): the same value sent again within a day opens no second case, uses no allowance and answers the case the first opened (200).",
      ),
    ),
  ),
});

type Fields = v.InferOutput<typeof Fields>;
/** A checked concern: the channel and contact only where a reply may use them, the contact normalised. */
type Checked = Omit<Fields, "channel" | "contact" | "submission"> & { channel?: Channel; contact?: string; submission?: string };

/**
 * Where a reply may reach the customer: nothing when they chose to stay anonymous (what the form had
 * pre-filled is dropped, never checked or kept), else the channel and contact checked as onboarding does.
 */
function reachOf(input: Fields, timezone: string | undefined): { ok: true; reach: { channel?: Channel; contact?: string } } | { ok: false; message: string } {
  if (input.reply === "anonymous" || (!input.channel && !input.contact)) return { ok: true, reach: {} };
  if (!input.channel) return { ok: false, message: "How to reach you is required with a contact: email, phone, text or video" };
  const checked = checkContact(input.channel, input.contact, timezone);
  if (!checked.ok) return { ok: false, message: `Contact ${checked.message}` };
  return { ok: true, reach: { channel: input.channel, ...(checked.contact ? { contact: checked.contact } : {}) } };
}

/**
 * A concern: what happened (required and visible, at most 2000 characters, line breaks kept and other control
 * characters refused, as a profile note's), how urgent it is, whether the customer may
 * be contacted about it (required, no default), and optionally how to reach them, a phone number read in
 * the country of `timezone` (the customer's) when it has no country code.
 */
export function concernSchemaFor(timezone?: string) {
  return v.pipe(
    Fields,
    v.forward(
      v.partialCheck(
        [["reply"], ["channel"], ["contact"]],
        (input) => reachOf(input as Fields, timezone).ok,
        (issue) => {
          const result = reachOf(issue.input as Fields, timezone);
          return result.ok ? "Contact is not valid" : result.message;
        },
      ),
      ["contact"],
    ),
    v.transform((input): Checked => {
      const result = reachOf(input, timezone);
      return { what: input.what, urgency: input.urgency, reply: input.reply, ...(result.ok ? result.reach : {}), ...(input.submission ? { submission: input.submission } : {}) };
    }),
  );
}

/** The concern schema for a caller whose zone is unknown: a phone number needs its country code. */
export const ConcernSchema = concernSchemaFor();
export type ConcernInput = v.InferOutput<typeof ConcernSchema>;

/** What raising a concern answers the customer. */
export const ConcernResultSchema = v.object({
  reply: v.pipe(v.picklist(concernReplies), v.description("The customer's choice: `contact` (the rep or their manager contacts them) or `anonymous` (the manager sees it without their name).")),
  urgency: v.picklist(concernUrgencies),
  contactBy: v.optional(v.pipe(v.string(), v.description("With `contact`: the rep or their manager contacts the customer by this instant (ISO 8601)."))),
});
export type ConcernResult = v.InferOutput<typeof ConcernResultSchema>;
