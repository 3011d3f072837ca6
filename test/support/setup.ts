import { inject } from "vitest";
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
