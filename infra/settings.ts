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

export const settings = {
  emailSender: emailSender(),
  emailDns: env.RAPPORT_EMAIL_DNS === "manual" ? ("manual" as const) : ("route53" as const),
  apiDomain: env.RAPPORT_API_DOMAIN?.trim() || undefined,
  passThrough: Object.fromEntries(
    (["RAPPORT_ORG_NAME", "RAPPORT_BRAND_COLOR"] as const).flatMap((name) => (env[name] ? [[name, env[name]!]] : [])),
  ) as Record<string, string>,
};
