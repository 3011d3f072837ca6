/**
 * Links for customers, who have no account. Signed (`sign`/`open`): `<subject id>.<last day, base 36>.<HMAC>`.
 * The HMAC covers a purpose (profile, concern, verdict), the id and the last day, so a link for one purpose
 * opens nothing else and a changed id or day breaks it. Sealed (`seal`/`unseal`): the same id and last day,
 * encrypted, for a link whose path must not say whom it is for (an anonymous concern's, which access logs
 * keep). Either carries everything its page needs: sending an email writes nothing for it.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";

const DAY = 86_400_000;

/** What a well-formed token looks like: `<id>.<last day>.<HMAC>`. */
export const SIGNED_TOKEN = /^([a-z]{2,8}_[0-9A-Za-z]{10,40})\.([0-9a-z]{1,8})\.([A-Za-z0-9_-]{43})$/;

/** What a link is for; each purpose signs apart. */
export type LinkPurpose = "profile" | "concern" | "verdict";

const mac = (purpose: LinkPurpose, body: string) => createHmac("sha256", config().tokenSecret).update(`${purpose}:${body}`).digest("base64url");

/** The token of a link for `id`, sent at `at` and good through `days` days after it. */
export function sign(purpose: LinkPurpose, id: string, days: number, at = now()): string {
  const lastDay = Math.floor((at.getTime() + days * DAY) / DAY);
  const body = `${id}.${lastDay.toString(36)}`;
  return `${body}.${mac(purpose, body)}`;
}

/** The id a link opens: 404 for a malformed or tampered token (or one signed for another purpose), 410 once its last day has passed. */
export function open(purpose: LinkPurpose, token: string): string {
  const parts = SIGNED_TOKEN.exec(token);
  const given = Buffer.from(parts?.[3] ?? "");
  const expected = Buffer.from(parts ? mac(purpose, `${parts[1]}.${parts[2]}`) : "");
  if (!parts || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  if ((parseInt(parts[2]!, 36) + 1) * DAY <= now().getTime()) throw new VisibleError("gone", "expired_link", "This link has expired.");
  return parts[1]!;
}

/** What a well-formed sealed token looks like: base64url, an IV, the sealed id and day, and the tag. */
export const SEALED_TOKEN = /^[A-Za-z0-9_-]{60,120}$/;

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The id and last day inside a sealed token. */
const SEALED_BODY = /^([a-z]{2,8}_[0-9A-Za-z]{10,40})\.([0-9a-z]{1,8})$/;

let sealing: { secret: string; key: Buffer } | undefined;
/** The AES-256 key of sealed links: derived from the signing secret (HKDF-SHA-256, its own label), so it rotates with it. */
function sealKey(): Buffer {
  const secret = config().tokenSecret;
  if (sealing?.secret !== secret) sealing = { secret, key: Buffer.from(hkdfSync("sha256", secret, "rapport", "rapport sealed link v1", 32)) };
  return sealing.key;
}

const unknownLink = () => new VisibleError("not-found", "unknown_link", "This link is not valid.");

/**
 * The token of a link for `id`, sent at `at` and good through `days` days after it, that does not show the
 * id: AES-256-GCM with a random 96-bit IV and the purpose as additional data, in base64url. Each call makes
 * a different token.
 */
export function seal(purpose: LinkPurpose, id: string, days: number, at = now()): string {
  const lastDay = Math.floor((at.getTime() + days * DAY) / DAY);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sealKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(`${id}.${lastDay.toString(36)}`, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The id a sealed link opens: 404 for anything that does not decrypt (altered, sealed for another purpose or with another secret), 410 once its last day has passed. */
export function unseal(purpose: LinkPurpose, token: string): string {
  const bytes = SEALED_TOKEN.test(token) ? Buffer.from(token, "base64url") : Buffer.alloc(0);
  // Only the one spelling of those bytes: a changed last character whose bits base64url drops is still a change.
  if (bytes.length <= IV_BYTES + TAG_BYTES || bytes.toString("base64url") !== token) throw unknownLink();
  let text: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealKey(), bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw unknownLink();
  }
  const parts = SEALED_BODY.exec(text);
  if (!parts) throw unknownLink();
  if ((parseInt(parts[2]!, 36) + 1) * DAY <= now().getTime()) throw new VisibleError("gone", "expired_link", "This link has expired.");
  return parts[1]!;
}

export const SignedLink = { sign, open, seal, unseal };
