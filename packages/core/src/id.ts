import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const prefixes = {
  rep: "rep",
  customer: "cus",
  invitation: "inv",
  response: "rsp",
  apiKey: "key",
  audit: "aud",
  followUp: "fup",
  plan: "pln",
  user: "usr",
  campaign: "cmp",
  flag: "flg",
  profileEntry: "ent",
  team: "team",
  importJob: "imp",
} as const;

/** A ULID: 48 bits of milliseconds then 80 random bits, in Crockford base32. */
export function ulid(time = Date.now()): string {
  let out = "";
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  for (let i = 0; i < 16; i++) out += ALPHABET[bytes[i]! % 32];
  return out;
}

/** A prefixed, time-ordered ID such as `rep_01JD...`. */
export function createId(kind: keyof typeof prefixes, time?: number): string {
  return `${prefixes[kind]}_${ulid(time)}`;
}

/**
 * A prefixed id made from `seed` alone, in the shape of a ULID: the same seed always gives the same id, so
 * a write can name its item before it knows whether it exists (one flag per response and rule).
 */
export function derivedId(kind: keyof typeof prefixes, seed: string): string {
  const digest = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; i < 26; i++) out += ALPHABET[digest[i]! % 32];
  return `${prefixes[kind]}_${out}`;
}

/** A random secret of `bytes` bytes, URL-safe (tokens, API keys); never an ID. */
export function secret(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}
