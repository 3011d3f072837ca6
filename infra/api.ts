import { functionDefaults } from "./function";
import { settings } from "./settings";

export const api = new sst.aws.ApiGatewayV2("Api", {
  ...(settings.apiDomain ? { domain: settings.apiDomain } : {}),
});

/** The public base URL of the app: the custom domain when set, else the API Gateway URL. */
export const appUrl = settings.apiDomain ? `https://${settings.apiDomain}` : api.url;

api.route("$default", {
  handler: "packages/functions/src/api.handler",
  memory: "1024 MB",
  timeout: "29 seconds",
  ...functionDefaults(appUrl),
});
