import type { TestProject } from "vitest/node";
import { freePort, startDynamo, startSes, type Engine } from "../../packages/local/src/engines.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** One DynamoDB Local per test worker (each JVM does its work on one core at a time), and the SES emulator. */
    engines: { dynamoEndpoints: string[]; sesEndpoint: string };
  }
}

let engines: Engine[] = [];

/**
 * Starts the SES emulator and DynamoDB Local (in memory) once for the whole run, on free ports: one
 * DynamoDB Local per test worker, since one instance works through its requests about one at a time and
 * would leave the other core idle.
 */
export async function setup(project: TestProject) {
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const ports: number[] = [];
  while (ports.length < workers + 1) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const [ses, ...dynamos] = await Promise.all([startSes({ port: ports[0]! }), ...ports.slice(1).map((port) => startDynamo({ port }))]);
  engines = [ses!, ...dynamos];
  project.provide("engines", { dynamoEndpoints: dynamos.map((d) => d.endpoint), sesEndpoint: ses!.endpoint });
}

export async function teardown() {
  await Promise.all(engines.map((engine) => engine.stop()));
}
