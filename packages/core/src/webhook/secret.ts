/**
 * A subscription's signing secret: shown once, in Standard Webhooks' form (`whsec_` and 24 random bytes in
 * base64), and stored sealed so deliveries can sign with it: AES-256-GCM under a key derived from the
 * signing secret (HKDF-SHA-256 with its own label, as sealed links do), the subscription id as additional
 * data. Rotating the signing secret makes stored webhook secrets unreadable: their deliveries then fail
 * until the subscription is made again.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { config } from "../config.ts";

const IV_BYTES = 12;
const TAG_BYTES = 16;

let derived: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = config().tokenSecret;
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "rapport", "rapport webhook secret v1", 32)) };
  return derived.key;
}

/** A new signing secret for a subscription. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** The secret sealed for storage on subscription `id`. */
export function sealSecret(id: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The secret of subscription `id` from its sealed form; throws when it does not open (another signing secret, or altered). */
export function openSecret(id: string, sealed: string): string {
  const bytes = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(id));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
}
