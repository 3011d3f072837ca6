import * as v from "valibot";
import { createHash } from "node:crypto";
import { isIPv6 } from "node:net";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { renderSignInEmail } from "../email/templates/sign-in.tsx";
import { db, sendIf, tableName } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { secret } from "../id.ts";
import { EmailSchema } from "../fields.ts";
import { Email } from "../email/index.ts";
import { Rep } from "../rep/index.ts";
import { Admin } from "../admin/index.ts";
import { RateLimit, type Taken } from "../ratelimit/index.ts";
import { log } from "../log/index.ts";
import { VisibleError } from "../error.ts";
import { authKeys } from "./keys.ts";

export const LoginSchema = v.strictObject({ email: EmailSchema });
export type LoginInput = v.InferOutput<typeof LoginSchema>;

const LINK_MS = 15 * 60_000;
/** At most this many sign-in requests per address, known or not, in each 15-minute window. */
export const LINKS_PER_WINDOW = 5;
/** A session lasts this long from sign-in, whatever the activity. */
export const SESSION_MS = 12 * 3_600_000;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** Who is signed in: a rep (with their own scores), a manager (with a team), an admin, or any of them at once. */
export interface Viewer {
  email: string;
  name: string;
  /** The viewer's own rep record, when they are a rep. */
  repId?: string;
  /** The reps this viewer manages (empty for a rep who manages no one). */
  managerOf: string[];
  role: "rep" | "manager";
  /** Whether they are an admin (ADMIN_EMAILS or POST /v1/admins): the /admin console and the admin routes are theirs. */
  admin: boolean;
  /** The zone this person reads times in: their rep record's, else the organization's. */
  timezone: string;
}

/** The name a sign-in email greets an address with when no rep record names it: `dana.ortiz@…` is "Dana Ortiz". */
const nameFrom = (address: string) => address.split("@")[0]!.replace(/[._-]+/g, " ").replace(/\b\w/g, (ch) => ch.toUpperCase());

/** Resolves an email to the person it signs in as, or undefined when it is nobody's. */
export async function viewerOf(email: string): Promise<Viewer | undefined> {
  const address = email.toLowerCase();
  const [rep, team, admin] = await Promise.all([Rep.fromEmail(address), Rep.team(address), Admin.lookup(address)]);
  if (!rep && team.length === 0 && !admin) return undefined;
  const name = rep?.name ?? admin?.name ?? nameFrom(address);
  return {
    email: address,
    name,
    ...(rep ? { repId: rep.id } : {}),
    managerOf: team.map((r) => r.id),
    role: team.length ? "manager" : "rep",
    admin: Boolean(admin),
    timezone: Rep.zoneOf(rep),
  };
}

/**
 * Where the sign-in email for an address that is nobody's goes: SES's mailbox simulator, which accepts
 * it and delivers it to no one, so an unknown address costs the same SES call as a known one.
 */
const DECOY_ADDRESS = "success@simulator.amazonses.com";

/**
 * Whose allowance an IP address spends: an IPv4 address its own (an IPv4-mapped IPv6 address counts as
 * the IPv4 one), an IPv6 address its /64, the smallest network a provider hands out, so a host cannot
 * step through its own addresses for fresh allowances.
 */
function ipAllowance(ip: string): string {
  const address = ip.split("%")[0]!.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16)).join(":")}::/64`;
}

/** Where a sign-in request comes from: the client's IP address, when the request has one (HTTP always does). */
interface Requester {
  ip?: string;
}

/**
 * Emails a single-use sign-in link valid for 15 minutes when the address belongs to a rep, a manager or an admin.
 * Every address, known or not, does the same work, so neither the answer nor its time tells them apart:
 * both allowances are counted (five requests per address and `signInPerIp` per IPv4 address or IPv6 /64
 * every 15 minutes; the address's is counted for unknown addresses too), a link is stored and an email
 * rendered and sent, to the person when the address is theirs, else to the mailbox simulator (an email
 * SES refuses is logged, never answered). Answers when to try again once an allowance is spent.
 */
export async function requestLink(input: LoginInput, from: Requester = {}): Promise<Taken> {
  if (from.ip !== undefined) {
    const byIp = await RateLimit.take(`signin-ip#${sha256(ipAllowance(from.ip))}`, config().signInPerIp);
    if (!byIp.allowed) return byIp;
  }
  const byAddress = await RateLimit.take(`signin-link#${sha256(input.email.toLowerCase())}`, { limit: LINKS_PER_WINDOW, windowMs: LINK_MS });
  if (!byAddress.allowed) return byAddress;
  // The admin record is read for every address, beside the rep's reads: the same reads, known or not.
  const [{ rep, manages }, admin] = await Promise.all([Rep.identify(input.email), Admin.lookup(input.email)]);
  const known = Boolean(rep) || manages || Boolean(admin);
  const to = known ? input.email.toLowerCase() : DECOY_ADDRESS;
  const at = now();
  const token = secret(32);
  const expiresAt = new Date(at.getTime() + LINK_MS);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...authKeys.link(sha256(token)), type: "login-link", email: to, createdAt: at.toISOString(), expiresAt: expiresAt.toISOString(), ttl: epochSeconds(expiresAt) + 86_400 },
    }),
  );
  const email = renderSignInEmail({
    orgName: config().orgName,
    brandColor: config().brandColor,
    name: rep?.name ?? admin?.name ?? nameFrom(input.email),
    url: `${config().appUrl}/auth/callback?token=${token}`,
    minutes: LINK_MS / 60_000,
  });
  try {
    await Email.send({ ...(known ? { purpose: "sign-in" as const } : {}), to, ...email });
  } catch (error) {
    // SES refusing the person's address (the sandbox, a throttle) must not answer differently from the
    // simulator's acceptance. Its message can quote the address, so only its name is logged.
    const errorName = error instanceof Error ? error.name : "unknown";
    // One address refused is the person's matter; anything else (throttling, a paused account) is ours.
    if (errorName === "MessageRejected") log.warn("sign-in email not sent", { errorName });
    else log.error("sign-in email not sent", { errorName });
  }
  return { allowed: true };
}

/** Uses a sign-in link (once, within 15 minutes) and opens a session; answers the session's secret. */
export async function signIn(token: string): Promise<{ session: string; viewer: Viewer } | undefined> {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(token)) return undefined;
  const at = now();
  const used = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: authKeys.link(sha256(token)),
      UpdateExpression: "SET usedAt = :at",
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :at",
      ExpressionAttributeValues: { ":at": at.toISOString() },
      ReturnValues: "ALL_NEW",
    }),
    () => undefined,
  );
  if (!used) return undefined;
  const email = used.Attributes!.email as string;
  const viewer = await viewerOf(email);
  if (!viewer) return undefined;
  const session = secret(32);
  const expiresAt = new Date(at.getTime() + SESSION_MS);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...authKeys.session(sha256(session)), type: "session", email, createdAt: at.toISOString(), expiresAt: expiresAt.toISOString(), ttl: epochSeconds(expiresAt) },
    }),
  );
  return { session, viewer };
}

/** The viewer behind a session cookie, or undefined when it is unknown, signed out or expired. */
export async function fromSession(session: string): Promise<Viewer | undefined> {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(session)) return undefined;
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: authKeys.session(sha256(session)) }));
  const item = result.Item;
  if (!item || String(item.expiresAt) <= now().toISOString()) return undefined;
  return viewerOf(item.email as string);
}

/** Ends a session. */
export async function signOut(session: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(session)) return;
  await db().send(new DeleteCommand({ TableName: tableName(), Key: authKeys.session(sha256(session)) }));
}

/** Whether the viewer may see this rep's scores: the rep themself or their manager. */
export function maySee(viewer: Viewer, repId: string): boolean {
  return viewer.repId === repId || viewer.managerOf.includes(repId);
}

/** Who each team read is for, as a signed-in person who manages no one is told. */
const teamReads = { insights: "Insights are for managers and admins.", flags: "Bias flags are for finance, admins and managers." } as const;

/**
 * Whose reps a team read (the insights, lost deals, bias flags) covers: a signed-in manager's team, or
 * everyone's (undefined) for a key its scope admitted. A signed-in person who manages no one is refused
 * (403 not_a_manager).
 */
export function teamScope(viewer: Pick<Viewer, "managerOf"> | undefined, read: keyof typeof teamReads): string[] | undefined {
  if (viewer && viewer.managerOf.length === 0) throw new VisibleError("forbidden", "not_a_manager", teamReads[read]);
  return viewer?.managerOf;
}

export const Auth = { requestLink, signIn, fromSession, signOut, viewerOf, maySee, teamScope };
