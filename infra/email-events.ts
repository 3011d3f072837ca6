import { access } from "./access";
import { appUrl } from "./api";
import { emailEvents } from "./email";
import { functionDefaults } from "./function";

/** SES bounce and complaint notifications: hard bounces and complaints go on the suppression list. */
emailEvents.subscribe("SuppressBouncesAndComplaints", {
  handler: "packages/functions/src/ses-events.handler",
  memory: "512 MB",
  timeout: "60 seconds",
  ...functionDefaults(appUrl, access.emailEvents),
});
