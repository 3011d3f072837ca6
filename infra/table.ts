import { table as definition } from "../packages/core/src/db/table.ts";

// Linking a Dynamo table would grant dynamodb:* on it and every index. Linked, it now passes only its name
// (`Resource.Table.name`, read by core's config); each function lists the actions it needs (infra/access.ts).
sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({ properties: { name: table.name } }));

/** The one table, built from core's definition so AWS, DynamoDB Local and the tests cannot drift. */
export const table = new sst.aws.Dynamo("Table", {
  fields: Object.fromEntries(definition.attributes.map((name) => [name, "string" as const])),
  primaryIndex: definition.primaryIndex,
  globalIndexes: definition.globalIndexes,
  // Items that may vanish on their own (magic-link tokens, sessions) carry `ttl` in epoch seconds.
  ttl: "ttl",
  // New items reach the campaign worker through the stream (infra/campaigns.ts).
  stream: "new-image",
  deletionProtection: $app.stage === "prod",
  transform: {
    table: { pointInTimeRecovery: { enabled: true } },
  },
});
