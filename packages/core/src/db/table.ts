import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The one definition of Rapport's table: generic key attributes and the global secondary
 * indexes. `infra/table.ts`, the local runner and the tests all build the table from this.
 */
export const table = {
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  /** Attribute names, all strings. */
  attributes: ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"] as const,
  globalIndexes: {
    /** Lists under a parent: reps of the org, customers of a rep, ... */
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    /** Due work: sparse, only items waiting for the scheduled job carry gsi2 keys. */
    gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
  },
} as const;

export type IndexName = keyof typeof table.globalIndexes;

/** The CreateTable request for DynamoDB Local and tests (on-demand billing, as in AWS). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: table.attributes.map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: table.primaryIndex.hashKey, KeyType: "HASH" },
      { AttributeName: table.primaryIndex.rangeKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: Object.entries(table.globalIndexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.hashKey, KeyType: "HASH" },
        { AttributeName: index.rangeKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
    // The campaign worker reads new items from the stream (campaign/stream.ts).
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
  };
}
