import { access } from "./access";
import { campaignDeadLetters } from "./dead-letters";
import { functionDefaults } from "./function";
import { settings } from "./settings";

export const api = new sst.aws.ApiGatewayV2("Api", {
  ...(settings.apiDomain ? { domain: settings.apiDomain } : {}),
  transform: {
    // The gateway's own throttle for the whole API: beyond it callers get 429 before any Lambda runs.
    // Each API key has its allowance on top (RAPPORT_API_KEY_REQUESTS_PER_MINUTE, counted in the table).
    stage: (args) => {
      args.defaultRouteSettings = { throttlingRateLimit: settings.apiThrottle.rate, throttlingBurstLimit: settings.apiThrottle.burst };
    },
  },
});

/** The public base URL of the app: the custom domain when set, else the API Gateway URL. */
export const appUrl = settings.apiDomain ? `https://${settings.apiDomain}` : api.url;

api.route("$default", {
  handler: "packages/functions/src/api.handler",
  memory: "1024 MB",
  timeout: "29 seconds",
  // /health counts the campaign dead letters (core/config.ts reads the URL). `?now=` on the job's route
  // is off in AWS unless the deploy turns it on for this stage.
  ...functionDefaults(appUrl, access.api, {
    RAPPORT_CAMPAIGN_DLQ_URL: campaignDeadLetters.url,
    RAPPORT_ALLOW_TIME_TRAVEL: settings.allowTimeTravel ? "true" : "false",
  }),
});
