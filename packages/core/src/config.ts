import { randomBytes } from "node:crypto";
import { Resource } from "sst/resource";

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
  /** mailto: target for List-Unsubscribe. */
  unsubscribeMailbox: string;
  orgName: string;
  brandColor: string;
  /** Secure cookies only over https (AWS). */
  secureCookies: boolean;
  /** Keys the HMAC that derives survey, unsubscribe and CSRF tokens. Rotating it invalidates outstanding links. */
  tokenSecret: string;
}

function fromEnvironment(): Config {
  const env = process.env;
  const inLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const linked = (name: string): string | undefined => {
    if (!inLambda) return undefined;
    try {
      return (Resource as unknown as Record<string, { name?: string; sender?: string; url?: string; value?: string }>)[name]?.[
        name === "Email" ? "sender" : "name"
      ];
    } catch {
      return undefined;
    }
  };
  const linkedSecret = (name: string): string | undefined => {
    if (!inLambda) return undefined;
    try {
      return (Resource as unknown as Record<string, { value?: string }>)[name]?.value;
    } catch {
      return undefined;
    }
  };
  const fromAddress = env.RAPPORT_FROM_ADDRESS ?? linked("Email") ?? "feedback@rapport.localhost";
  return {
    stage: env.SST_STAGE ?? env.RAPPORT_STAGE ?? "local",
    region: env.AWS_REGION ?? "us-east-1",
    tableName: linked("Table") ?? env.RAPPORT_TABLE ?? "rapport",
    dynamoEndpoint: env.RAPPORT_DYNAMODB_ENDPOINT || undefined,
    sesEndpoint: env.RAPPORT_SES_ENDPOINT || undefined,
    appUrl: (env.RAPPORT_APP_URL ?? "http://localhost:3000").replace(/\/$/, ""),
    fromAddress,
    unsubscribeMailbox: env.RAPPORT_UNSUBSCRIBE_MAILBOX ?? `unsubscribe@${fromAddress.split("@")[1] ?? "rapport.localhost"}`,
    orgName: env.RAPPORT_ORG_NAME ?? "Rapport Demo Co.",
    brandColor: env.RAPPORT_BRAND_COLOR ?? "#1f4fd1",
    secureCookies: inLambda,
    tokenSecret: linkedSecret("TokenSecret") ?? env.RAPPORT_TOKEN_SECRET ?? randomBytes(32).toString("base64url"),
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
export function localKnob(name: "PORT" | "DYNAMODB_PORT" | "SES_PORT" | "DATA_DIR" | "ADMIN_API_KEY" | "DEMO_SEED" | "CI"): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}
