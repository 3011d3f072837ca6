/**
 * Header values built from data (names in a Subject, the From display name, List-Unsubscribe): never a
 * control character, never longer than a header can carry, and encoded where a header needs it.
 */
import { OTHER_CONTROL_CHARACTERS, oneLine } from "../fields.ts";

const CONTROLS = new RegExp(OTHER_CONTROL_CHARACTERS.source, "g");

/** The text without control characters: line breaks and tabs become a space, the rest go; spaces collapse. */
export function plainText(value: string): string {
  return oneLine(value.replace(CONTROLS, "")).trim();
}

/** At most `max` characters (code points, so no pair is split); a longer text ends with an ellipsis. */
export function shorten(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

/** How long a name may be inside a Subject or a display name. */
export const NAME_IN_HEADER = 60;
/** How long a whole Subject may be. */
const SUBJECT_MAX = 180;

/** A name as it may appear in a header: one line, no control characters, at most 60 characters. */
export function headerName(name: string): string {
  return shorten(plainText(name), NAME_IN_HEADER);
}

/** A Subject: one line, no control characters, at most 180 characters (SES encodes UTF-8 itself with Charset UTF-8). */
export function subjectLine(subject: string): string {
  return shorten(plainText(subject), SUBJECT_MAX);
}

/** RFC 5322 atext and spaces: a display name of only these needs no quoting. */
const ATOMS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** RFC 2047 encoded-words (UTF-8, base64), each at most 75 characters and never splitting a character. */
function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = "";
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString("base64")}?=`).join(" ");
}

/**
 * A display name for From or Reply-To (RFC 5322): as it is when it is only atoms, a quoted-string when
 * it has specials such as "." or ",", RFC 2047 encoded-words when it is not ASCII (SES requires that).
 */
export function displayName(name: string): string {
  const text = headerName(name);
  if (!text || ATOMS.test(text)) return text;
  if (PRINTABLE_ASCII.test(text)) return `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
  return encodedWords(text);
}

/** `Name <address>`, the name encoded as a display name; the bare address when the name is empty. */
export function mailbox(name: string, address: string): string {
  const shown = displayName(name);
  return shown ? `${shown} <${address}>` : address;
}

/**
 * A header value SES takes as it is (printable ASCII, at most 870 characters): control characters are
 * dropped; anything else out of range is a mistake in the caller (URLs must already be encoded) and throws.
 */
export function headerValue(name: string, value: string): string {
  const clean = plainText(value);
  if (!clean || clean.length > 870 || !PRINTABLE_ASCII.test(clean)) throw new Error(`The ${name} header must be 1 to 870 printable ASCII characters.`);
  return clean;
}
