import type { TestProject } from "vitest/node";
import { freePort, startDynamo, startSes, type Engine } from "../../packages/local/src/engines.ts";

declare module "vitest" {
  export interface ProvidedContext {
    engines: { dynamoEndpoint: string; sesEndpoint: string };
  }
}

let engines: Engine[] = [];

/** Starts DynamoDB Local (in memory) and the SES emulator once for the whole run, on free ports. */
export async function setup(project: TestProject) {
  const [dynamo, ses] = await Promise.all([startDynamo({ port: await freePort() }), startSes({ port: await freePort() })]);
  engines = [dynamo, ses];
  project.provide("engines", { dynamoEndpoint: dynamo.endpoint, sesEndpoint: ses.endpoint });
}

export async function teardown() {
  await Promise.all(engines.map((engine) => engine.stop()));
}
