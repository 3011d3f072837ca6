// The onboarding answers' schema. It loads libphonenumber-js (123 KiB minified, more than any other package
// the API bundles), so only code that validates onboarding answers imports it; the choices are in onboarding-choices.ts.
import * as v from "valibot";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { EmailSchema } from "../fields.ts";
import { countryOf } from "./time-zones.ts";
import type { Channel } from "./onboarding-choices.ts";
import { OnboardingAnswersSchema } from "./onboarding-answers.ts";

type Checked = { ok: true; contact: string | undefined } | { ok: false; message: string };

const PHONE = "must be a phone number, such as +49 30 1234567";

/** An https link to a video room: a real host name, no spaces. */
function isVideoLink(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === "https:" && url.hostname.includes(".") && !url.username && !url.password;
  } catch {
    return false;
  }
}

const emailOf = (text: string) => {
  const parsed = v.safeParse(EmailSchema, text);
  return parsed.success ? parsed.output : undefined;
};

/**
 * Whether `contact` can reach the customer by `channel`, and the form it is kept in: a phone number in
 * E.164 (local numbers read in the country of the customer's time zone), an email address in lower case,
 * or an https link. An email channel without a contact means the address the invitation went to. The
 * concern form (../concern) checks its own channel and contact with it.
 */
export function checkContact(channel: Channel, contact: string | undefined, timezone: string | undefined): Checked {
  const text = contact?.trim() ?? "";
  if (channel === "phone" || channel === "text") {
    if (!text) return { ok: false, message: "is required: the phone number we should call or text" };
    const number = parsePhoneNumberFromString(text, timezone ? countryOf(timezone) : undefined);
    return number?.isValid() ? { ok: true, contact: number.number } : { ok: false, message: PHONE };
  }
  if (channel === "email") {
    if (!text) return { ok: true, contact: undefined };
    const email = emailOf(text);
    return email ? { ok: true, contact: email } : { ok: false, message: "must be an email address, such as name@example.com" };
  }
  if (!text) return { ok: false, message: "is required: a link to your video room (https://…) or an email address" };
  if (isVideoLink(text)) return { ok: true, contact: text };
  const email = emailOf(text);
  return email ? { ok: true, contact: email } : { ok: false, message: "must be a video-call link starting with https://, or an email address" };
}

type Reach = { channel: Channel; contact?: string; timezone?: unknown };
const checked = (input: Reach) => checkContact(input.channel, input.contact, typeof input.timezone === "string" ? input.timezone : undefined);

/** The onboarding preference form's answers; `contact` must fit `channel` and is stored normalised. */
export const OnboardingSchema = v.pipe(
  OnboardingAnswersSchema,
  // A partial check, so a wrong contact is named even while another answer is still wrong.
  v.forward(
    v.partialCheck(
      [["channel"], ["contact"]],
      (input) => checked(input).ok,
      (issue) => {
        const result = checked(issue.input as Reach);
        return result.ok ? "is not valid" : result.message;
      },
    ),
    ["contact"],
  ),
  v.transform((input) => {
    const result = checked(input);
    const output = { ...input };
    if (result.ok && result.contact) output.contact = result.contact;
    else delete output.contact;
    return output;
  }),
);
export type OnboardingInput = v.InferOutput<typeof OnboardingSchema>;
