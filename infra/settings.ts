/**
 * Deploy-time knobs, read from the environment of `sst deploy` (the only infra module that does).
 *
 * RAPPORT_EMAIL_SENDER  the domain (`feedback.example.com`) or address (`feedback@example.com`)
 *                       Rapport's email comes from. Required for the `prod` stage. Other stages
 *                       derive their own identity from it so they never clash with prod's: a
 *                       domain becomes `<stage>.<domain>`, an address becomes `local+<stage>@domain`.
 *                       Unset on another stage: `rapport-<stage>@example.com`, which SES cannot verify,
 *                       so that stage serves the API but delivers no email.
 * RAPPORT_EMAIL_DNS     `route53` (default): SST writes the domain's DKIM/DMARC records into the
 *                       Route 53 zone of the domain. `manual`: add the records shown in the SES
 *                       console yourself (DNS hosted elsewhere).
 * RAPPORT_API_DOMAIN    optional custom domain for the API (its zone in Route 53); otherwise the
 *                       API Gateway URL is the app's public URL.
 * RAPPORT_ORG_NAME, RAPPORT_BRAND_COLOR   passed to the app as they are, when set.
 * RAPPORT_ORG_DOMAINS   passed as it is when set: the organization's email domains, comma-separated
 *                       (default: the sender's domain); a report card answered from one is flagged.
 * RAPPORT_API_KEY_REQUESTS_PER_MINUTE     passed as it is when set: requests one API key may make
 *                       per minute before 429 (default 600).
 * RAPPORT_SIGN_IN_REQUESTS_PER_IP        passed as it is when set: sign-in requests one IP address
 *                       may make per 15 minutes before 429 (default 60).
 * ADMIN_EMAILS          passed as it is when set: the admins by setting, comma-separated addresses
 *                       (they sign in to /admin by magic link; the API cannot remove them).
 * RAPPORT_API_RATE, RAPPORT_API_BURST     the gateway's throttle for the whole API, requests per
 *                       second and burst (default 100 and 200): beyond them API Gateway answers 429
 *                       before any Lambda runs.
 * RAPPORT_ALLOW_TIME_TRAVEL  `true` lets `POST /v1/jobs/run?now=` run the job as of another instant
 *                       than the real clock on this stage (for a test stage); default `false`.
 * RAPPORT_WEBHOOK_ALERT_EMAIL  passed as it is when set: who is emailed when a webhook subscription is
 *                       disabled after 24 hours of failures (comma-separated).
 * RAPPORT_ALARM_EMAIL   optional address the CloudWatch alarms are emailed to (through the `Alarms`
 *                       SNS topic; SNS asks it to confirm first).
 */
const env = process.env;
const isProd = $app.stage === "prod";

function emailSender(): string {
  const configured = env.RAPPORT_EMAIL_SENDER?.trim();
  if (!configured) {
    if (isProd) throw new Error("Set RAPPORT_EMAIL_SENDER (a domain or an address you own) to deploy the prod stage.");
    return `rapport-${$app.stage}@example.com`;
  }
  if (isProd) return configured;
  const at = configured.indexOf("@");
  if (at < 0) return `${$app.stage}.${configured}`;
  const local = configured.slice(0, at).split("+")[0];
  return `${local}+${$app.stage}${configured.slice(at)}`;
}

function positive(name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${raw}".`);
  return value;
}

/** An explicit `true` (or `1`) turns a knob on; unset, `false` or `0` leaves it off, as the app reads it; anything else stops the deploy naming it. */
function allowed(name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw || raw === "false" || raw === "0") return false;
  if (raw === "true" || raw === "1") return true;
  throw new Error(`${name} must be true or false, not "${env[name]}".`);
}

export const settings = {
  emailSender: emailSender(),
  emailDns: env.RAPPORT_EMAIL_DNS === "manual" ? ("manual" as const) : ("route53" as const),
  apiDomain: env.RAPPORT_API_DOMAIN?.trim() || undefined,
  apiThrottle: { rate: positive("RAPPORT_API_RATE", 100), burst: positive("RAPPORT_API_BURST", 200) },
  alarmEmail: env.RAPPORT_ALARM_EMAIL?.trim() || undefined,
  allowTimeTravel: allowed("RAPPORT_ALLOW_TIME_TRAVEL"),
  passThrough: Object.fromEntries(
    (["RAPPORT_ORG_NAME", "RAPPORT_ORG_DOMAINS", "RAPPORT_BRAND_COLOR", "RAPPORT_API_KEY_REQUESTS_PER_MINUTE", "RAPPORT_SIGN_IN_REQUESTS_PER_IP", "RAPPORT_WEBHOOK_ALERT_EMAIL", "ADMIN_EMAILS"] as const).flatMap((name) => (env[name] ? [[name, env[name]!]] : [])),
  ) as Record<string, string>,
};
