import { randomBytes } from "node:crypto";
import { Resource } from "sst/resource";
import { localeOf } from "./i18n/languages.ts";

/** Everything Rapport needs to know about where it runs. The only module that reads the environment. */
export interface Config {
  stage: string;
  region: string;
  tableName: string;
  /** Set locally and in tests; unset in AWS. */
  dynamoEndpoint?: string;
  sesEndpoint?: string;
  /** Public base URL used in emails and links, without a trailing slash. */
  appUrl: string;
  fromAddress: string;
  /**
   * The organization's own email domains (RAPPORT_ORG_DOMAINS, comma-separated; default: the domain of the
   * sender address): a report card answered from one of them, or from a subdomain, is flagged `self_domain`.
   */
  orgDomains: string[];
  orgName: string;
  brandColor: string;
  /**
   * The organization's language (RAPPORT_ORG_LANGUAGE, a BCP 47 tag whose language the catalog has: en, fr,
   * de, es, or with a region such as fr-CA; default en): customer pages and emails fall back to it.
   */
  orgLanguage: string;
  /** Secure cookies only over https (AWS). */
  secureCookies: boolean;
  /** The organisation's time zone: reps' morning digests go out at 08:00 here unless a rep has their own. */
  timezone: string;
  /** The SES configuration set whose bounce and complaint events reach the suppression list (AWS only). */
  configurationSet?: string;
  /** The URL of the campaign worker's dead-letter queue (RAPPORT_CAMPAIGN_DLQ_URL, set in AWS); /health counts its messages. Unset locally. */
  campaignDeadLetters?: string;
  /** Keys the HMAC that derives survey, unsubscribe and CSRF tokens. Rotating it invalidates outstanding links. */
  tokenSecret: string;
  /** How many requests one API key may make per window (RAPPORT_API_KEY_REQUESTS_PER_MINUTE, default 600 a minute); more get 429. */
  apiKeyRate: { limit: number; windowMs: number };
  /** How many sign-in requests one IP address may make per 15 minutes (RAPPORT_SIGN_IN_REQUESTS_PER_IP, default 60); more get 429. */
  signInPerIp: { limit: number; windowMs: number };
  /**
   * Whether `POST /v1/jobs/run?now=` may run the job as of another instant than the real clock
   * (RAPPORT_ALLOW_TIME_TRAVEL, `true` or `false`): by default on locally and in tests, off in Lambda.
   */
  allowTimeTravel: boolean;
  /** Write CloudWatch metrics (EMF lines on stdout): in Lambda only; the local runner and tests leave them off. */
  metrics: boolean;
  /**
   * How long a campaign worker holds a batch of 50 while it sends it (RAPPORT_CAMPAIGN_LEASE_SECONDS,
   * default 60): a worker that dies mid-batch leaves it to another one after this long.
   */
  campaignLeaseMs: number;
  /**
   * Free text customers wrote (comments, "about me", concerns) older than this many months is erased by the
   * scheduled job, ratings kept (RAPPORT_RETENTION_MONTHS, a whole number; unset: kept until erased on request).
   */
  retentionMonths?: number;
  /**
   * Who is emailed when a webhook subscription is disabled after 24 hours of failures (besides the admin who
   * made it): RAPPORT_WEBHOOK_ALERT_EMAIL, else ADMIN_EMAILS (comma-separated), else the sender address.
   */
  webhookAlertEmails: string[];
  /**
   * The people who are admins by setting (ADMIN_EMAILS, comma-separated addresses): they sign in by magic
   * link like reps, and `DELETE /v1/admins/{email}` cannot remove them. Others are added by `POST /v1/admins`.
   */
  adminEmails: string[];
}

/** A whole number of at least 1 from the environment, or the default; anything else stops the start with a message naming the variable. */
function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${raw}".`);
  return value;
}

/** `true` or `false` from the environment, or the default; anything else stops the start with a message naming the variable. */
function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new Error(`${name} must be true or false, not "${process.env[name]}".`);
}

/** A domain name as an operator writes it: letters, digits and hyphens in dot-separated labels. */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The organization's domains: RAPPORT_ORG_DOMAINS (comma-separated, a leading `@` allowed) or else the sender
 * address's domain; a name that is not a domain stops the start with a message naming the variable.
 */
function orgDomains(fromAddress: string): string[] {
  const raw = process.env.RAPPORT_ORG_DOMAINS?.trim();
  if (!raw) return [fromAddress.slice(fromAddress.lastIndexOf("@") + 1).replace(/>$/, "").trim().toLowerCase()];
  const domains = raw.split(",").map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean);
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined || domains.length === 0) throw new Error(`RAPPORT_ORG_DOMAINS must be domains separated by commas (example.com,example.co.uk), not "${raw}".`);
  return [...new Set(domains)];
}

/** RAPPORT_ORG_LANGUAGE, or en; a tag whose language has no catalog stops the start with a message naming the variable. */
function orgLanguage(): string {
  const raw = process.env.RAPPORT_ORG_LANGUAGE?.trim();
  if (!raw) return "en";
  const locale = localeOf(raw);
  if (!locale) throw new Error(`RAPPORT_ORG_LANGUAGE must be a language tag for en, fr, de or es (such as fr or fr-CA), not "${raw}".`);
  return locale.tag;
}

/** The addresses of ADMIN_EMAILS, lower-cased; one that is not an address stops the start with a message naming the variable. */
function adminEmails(): string[] {
  const raw = process.env.ADMIN_EMAILS?.trim();
  if (!raw) return [];
  const emails = raw.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean);
  const bad = emails.find((e) => !/^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(e) || e.length > 254);
  if (bad !== undefined) throw new Error(`ADMIN_EMAILS must be email addresses separated by commas, not "${bad}".`);
  return [...new Set(emails)];
}

/** Sign-in requests one IP address may make per 15 minutes unless RAPPORT_SIGN_IN_REQUESTS_PER_IP says otherwise. */
export const SIGN_IN_PER_IP = 60;

function fromEnvironment(): Config {
  const env = process.env;
  const inLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  /** A resource linked by SST (in Lambda only); undefined when it is not linked. */
  const linked = (name: string): Record<string, string | undefined> | undefined => {
    if (!inLambda) return undefined;
    try {
      return (Resource as unknown as Record<string, Record<string, string | undefined>>)[name];
    } catch {
      return undefined;
    }
  };
  const signingSecret = linked("SigningSecret")?.value ?? env.RAPPORT_TOKEN_SECRET;
  if (!signingSecret && inLambda) throw new Error("The SigningSecret is not linked: set it with `npx sst secret set SigningSecret ...` and deploy again.");
  const fromAddress = env.RAPPORT_FROM_ADDRESS ?? "feedback@rapport.localhost";
  return {
    stage: env.SST_STAGE ?? env.RAPPORT_STAGE ?? "local",
    region: env.AWS_REGION ?? "us-east-1",
    tableName: linked("Table")?.name ?? env.RAPPORT_TABLE ?? "rapport",
    dynamoEndpoint: env.RAPPORT_DYNAMODB_ENDPOINT || undefined,
    sesEndpoint: env.RAPPORT_SES_ENDPOINT || undefined,
    appUrl: (env.RAPPORT_APP_URL ?? "http://localhost:3000").replace(/\/$/, ""),
    fromAddress,
    orgDomains: orgDomains(fromAddress),
    orgName: env.RAPPORT_ORG_NAME ?? "Rapport Demo Co.",
    brandColor: env.RAPPORT_BRAND_COLOR ?? "#1f4fd1",
    orgLanguage: orgLanguage(),
    secureCookies: inLambda,
    timezone: env.RAPPORT_TIMEZONE ?? "UTC",
    configurationSet: linked("Email")?.configSet,
    campaignDeadLetters: env.RAPPORT_CAMPAIGN_DLQ_URL || undefined,
    tokenSecret: signingSecret ?? randomBytes(32).toString("base64url"),
    apiKeyRate: { limit: positiveInteger("RAPPORT_API_KEY_REQUESTS_PER_MINUTE", 600), windowMs: 60_000 },
    signInPerIp: { limit: positiveInteger("RAPPORT_SIGN_IN_REQUESTS_PER_IP", SIGN_IN_PER_IP), windowMs: 15 * 60_000 },
    allowTimeTravel: flag("RAPPORT_ALLOW_TIME_TRAVEL", !inLambda),
    metrics: inLambda,
    campaignLeaseMs: positiveInteger("RAPPORT_CAMPAIGN_LEASE_SECONDS", 60) * 1_000,
    ...(env.RAPPORT_RETENTION_MONTHS ? { retentionMonths: positiveInteger("RAPPORT_RETENTION_MONTHS", 0) } : {}),
    webhookAlertEmails: (env.RAPPORT_WEBHOOK_ALERT_EMAIL || env.ADMIN_EMAILS || fromAddress).split(",").map((a) => a.trim()).filter(Boolean),
    adminEmails: adminEmails(),
  };
}

let current: Config | undefined;

/** The active configuration, read from the environment on first use. */
export function config(): Config {
  current ??= fromEnvironment();
  return current;
}

/** Overrides parts of the configuration (the local runner and tests). */
export function configure(patch: Partial<Config>): Config {
  current = { ...config(), ...patch };
  return current;
}

/** The raw value of a local-runner knob (PORT, DATA_DIR, ...); only the local runner calls this. */
export function localKnob(name: "HOST" | "PORT" | "DYNAMODB_PORT" | "SES_PORT" | "DATA_DIR" | "ADMIN_API_KEY" | "DEMO_SEED" | "CI"): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}
