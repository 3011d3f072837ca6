import { table as definition } from "../packages/core/src/db/table.ts";

/** The one table, built from core's definition so AWS, DynamoDB Local and the tests cannot drift. */
export const table = new sst.aws.Dynamo("Table", {
  fields: Object.fromEntries(definition.attributes.map((name) => [name, "string" as const])),
  primaryIndex: definition.primaryIndex,
  globalIndexes: definition.globalIndexes,
  // Items that may vanish on their own (magic-link tokens, sessions) carry `ttl` in epoch seconds.
  ttl: "ttl",
  deletionProtection: $app.stage === "prod",
  transform: {
    table: { pointInTimeRecovery: { enabled: true } },
  },
});
