import { email, fromAddress } from "./email";
import { secrets } from "./secrets";
import { settings } from "./settings";
import { table } from "./table";

/**
 * What every Rapport Lambda shares: runtime, links and environment, with the function's own `permissions`
 * (infra/access.ts) and any `environment` of its own. Links pass names only; they grant nothing.
 */
export function functionDefaults(
  appUrl: $util.Input<string>,
  permissions: sst.aws.FunctionPermissionArgs[],
  environment: Record<string, $util.Input<string>> = {},
) {
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
      ...environment,
    },
    permissions,
  };
}
