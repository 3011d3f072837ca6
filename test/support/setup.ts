import { afterAll, inject } from "vitest";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { configure } from "@rapport/core/config";
import { ensureTable, resetClients } from "@rapport/core/db/index";

const { dynamoEndpoints, sesEndpoint } = inject("engines");
// This worker's own DynamoDB Local (VITEST_POOL_ID counts the workers from 1).
const dynamoEndpoint = dynamoEndpoints[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % dynamoEndpoints.length]!;

for (const endpoint of [dynamoEndpoint, sesEndpoint]) {
  const host = new URL(endpoint).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run tests against ${endpoint}: tests only run against local engines.`);
  }
}

// Each test file gets a table of its own, so files never see each other's data.
const tableName = `test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
configure({ dynamoEndpoint, sesEndpoint, tableName, appUrl: "http://rapport.test", stage: "test" });
resetClients();
await ensureTable(tableName);

// Dropped when the file ends: DynamoDB Local slows with every table it holds (100 puts took 0.3 s on a fresh
// instance and 2.8 s beside 300 old tables), and a mutation run creates a table per file for every mutant.
// Its own client, so a test that pointed the app at another endpoint cannot send the drop astray.
afterAll(async () => {
  const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } finally {
    client.destroy();
  }
});
