/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "rapport",
      removal: input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "prod",
      home: "aws",
    };
  },
  async run() {
    const { table } = await import("./infra/table");
    const { email, fromAddress } = await import("./infra/email");
    await import("./infra/secrets");
    const { api } = await import("./infra/api");
    await import("./infra/cron");
    await import("./infra/email-events");
    await import("./infra/campaigns");
    const { campaignDeadLetters } = await import("./infra/dead-letters");
    const { alarms } = await import("./infra/alarms");
    await import("./infra/outbound");
    return {
      api: api.url,
      table: table.name,
      sender: email.sender,
      from: fromAddress,
      alarms: alarms.arn,
      campaignDeadLetters: campaignDeadLetters.url,
    };
  },
});
