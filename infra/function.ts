import { email, fromAddress } from "./email";
import { secrets } from "./secrets";
import { settings } from "./settings";
import { table } from "./table";

const partition = aws.getPartitionOutput().partition;
const region = aws.getRegionOutput().region;
const account = aws.getCallerIdentityOutput({}).accountId;
const ses = (resource: string) => $interpolate`arn:${partition}:ses:${region}:${account}:${resource}`;

/** What every Rapport Lambda shares: runtime, links, SES permissions and environment. */
export function functionDefaults(appUrl: $util.Input<string>) {
  return {
    // Node 24 LTS, as locally and in CI.
    runtime: "nodejs24.x" as const,
    architecture: "arm64" as const,
    // Code splitting lets rarely used modules (the SES SDK) load on first use, not at every cold start.
    nodejs: { splitting: true },
    link: [table, email, ...secrets],
    environment: {
      RAPPORT_APP_URL: appUrl,
      RAPPORT_FROM_ADDRESS: fromAddress,
      RAPPORT_STAGE: $app.stage,
      ...settings.passThrough,
    },
    // Linking Email allows ses:* on its own identity and SendEmail anywhere; SendBulkEmail also needs
    // the recipients' identities (SES sandbox), the configuration set and any template.
    permissions: [
      {
        actions: ["ses:SendEmail", "ses:SendBulkEmail"],
        resources: [ses("identity/*"), ses("configuration-set/*"), ses("template/*")],
      },
    ],
  };
}
