import { settings } from "./settings";

// Linking Email would grant ses:* on its identity and configuration set, and SendEmail on any resource.
// Linked, it now passes only its sender and configuration set; each function lists the SES actions it
// needs (infra/access.ts).
sst.Linkable.wrap(sst.aws.Email, (email) => ({ properties: { sender: email.sender, configSet: email.configSet } }));

/** SES publishes bounces and complaints of every email sent with the identity's configuration set here. */
export const emailEvents = new sst.aws.SnsTopic("EmailEvents");

/** The SES identity Rapport sends from (see settings.ts for how the sender is chosen per stage). */
export const email = new sst.aws.Email("Email", {
  sender: settings.emailSender,
  ...(settings.emailDns === "manual" ? { dns: false as const } : {}),
  events: [{ name: "deliverability", types: ["bounce", "complaint"], topic: emailEvents.arn }],
});

/** The From address: the sender itself when it is an address, `feedback@<domain>` when it is a domain. */
export const fromAddress = settings.emailSender.includes("@") ? settings.emailSender : `feedback@${settings.emailSender}`;
