import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../src/engines.ts";
import { alive, childrenOf, dynamoOn, healthy, launch, listeningAddresses, processesWith, running, STARTUP_MS, stop } from "./launch.ts";

/** This machine's first non-loopback IPv4 address: where another machine would reach it. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === "IPv4" && !address.internal)?.address;

/** Whether a TCP connection to `host:port` is accepted. */
function accepts(host: string, port: number | string): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ host, port: Number(port) });
    socket.setTimeout(2_000);
    socket.once("connect", () => (socket.destroy(), ok(true)));
    socket.once("error", () => ok(false));
    socket.once("timeout", () => (socket.destroy(), ok(false)));
  });
}

async function waitGone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

describe("the local stack's addresses and processes (npm start)", () => {
  const dirs: string[] = [];
  let ports: { PORT: string; DYNAMODB_PORT: string; SES_PORT: string };
  let dataDir: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "rapport-stack-"));
    dirs.push(dataDir);
    ports = { PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()), SES_PORT: String(await freePort()) };
  });

  afterAll(async () => {
    await Promise.all([...running].map((child) => (child.kill("SIGTERM"), new Promise((ok) => child.once("exit", ok)))));
    for (const dir of dirs) {
      for (const pid of processesWith(dir)) process.kill(pid, "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("listens on 127.0.0.1 only: the app, DynamoDB Local and the SES emulator refuse connections on the machine's other addresses", async () => {
    const launched = launch({ ...ports, DATA_DIR: dataDir, DEMO_SEED: "0" });
    await healthy(launched, Number(ports.PORT));
    for (const [knob, port] of Object.entries(ports)) {
      expect(listeningAddresses(port), knob).toEqual(["127.0.0.1"]);
      expect(await accepts("127.0.0.1", port), knob).toBe(true);
      if (outside) expect(await accepts(outside, port), `${knob} on ${outside}`).toBe(false);
    }
    expect(await stop(launched)).toBe(0);
  }, STARTUP_MS);

  it("opens every engine to the network when HOST=0.0.0.0", async () => {
    const launched = launch({ ...ports, DATA_DIR: dataDir, DEMO_SEED: "0", HOST: "0.0.0.0" });
    await healthy(launched, Number(ports.PORT));
    for (const [knob, port] of Object.entries(ports)) {
      const addresses = listeningAddresses(port);
      expect(addresses.length, `${knob} listens`).toBeGreaterThan(0);
      expect(addresses.every((address) => address === "0.0.0.0" || address === "::"), knob).toBe(true);
      if (outside) expect(await accepts(outside, port), `${knob} on ${outside}`).toBe(true);
    }
    if (outside) expect((await fetch(`http://${outside}:${ports.PORT}/health`)).status).toBe(200);
    expect(await stop(launched)).toBe(0);
  }, STARTUP_MS);

  it("refuses a HOST that is not an IP address", async () => {
    const launched = launch({ ...ports, DATA_DIR: dataDir, HOST: "everywhere" });
    expect(await launched.exit).not.toBe(0);
    expect(launched.output()).toContain("HOST=everywhere is not an IP address");
  }, STARTUP_MS);

  it("stops DynamoDB Local with it on SIGINT (Ctrl-C)", async () => {
    const launched = launch({ ...ports, DATA_DIR: dataDir, DEMO_SEED: "0" });
    await healthy(launched, Number(ports.PORT));
    const [java] = dynamoOn(ports.DYNAMODB_PORT);
    expect(java).toBeDefined();

    expect(await stop(launched, "SIGINT")).toBe(0);
    expect(launched.output()).toContain("Stopped.");
    expect(await waitGone(java!, 1_000)).toBe(true);
    expect(existsSync(join(dataDir, "pids.json"))).toBe(false);
  }, STARTUP_MS);

  it("starts again after a SIGKILL, stopping the DynamoDB Local the killed start left running", async () => {
    const first = launch({ ...ports, DATA_DIR: dataDir, DEMO_SEED: "0" });
    await healthy(first, Number(ports.PORT));
    const [orphan] = dynamoOn(ports.DYNAMODB_PORT);
    expect(orphan).toBeDefined();
    await stop(first, "SIGKILL");
    expect(alive(orphan!)).toBe(true);

    const second = launch({ ...ports, DATA_DIR: dataDir, DEMO_SEED: "0" });
    await healthy(second, Number(ports.PORT));
    expect(alive(orphan!)).toBe(false);
    expect(second.output()).toContain(`Stopping DynamoDB Local (pid ${orphan}) left running by an earlier start`);
    const [java] = dynamoOn(ports.DYNAMODB_PORT);
    expect(java).not.toBe(orphan);

    expect(await stop(second)).toBe(0);
    expect(await waitGone(java!)).toBe(true);
  }, 2 * STARTUP_MS);

  it("starts again after npm itself was killed, stopping the orphaned runner and its DynamoDB Local", async () => {
    const first = launch({ ...ports, DATA_DIR: dataDir, DEMO_SEED: "0" }, { underShell: true });
    await healthy(first, Number(ports.PORT));
    const [runner] = childrenOf(first.child.pid!, "packages/local/src/main.ts");
    const [java] = dynamoOn(ports.DYNAMODB_PORT);
    await stop(first, "SIGKILL");
    expect(alive(runner!) && alive(java!)).toBe(true);

    const second = launch({ ...ports, DATA_DIR: dataDir, DEMO_SEED: "0" });
    await healthy(second, Number(ports.PORT));
    expect(alive(runner!)).toBe(false);
    expect(alive(java!)).toBe(false);
    expect(await stop(second)).toBe(0);
  }, 2 * STARTUP_MS);

  it("refuses to start beside a live runner on the same data directory, and leaves it running", async () => {
    const first = launch({ ...ports, DATA_DIR: dataDir, DEMO_SEED: "0" });
    await healthy(first, Number(ports.PORT));
    const second = launch({ PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()), SES_PORT: String(await freePort()), DATA_DIR: dataDir, DEMO_SEED: "0" });
    expect(await second.exit).not.toBe(0);
    expect(second.output()).toContain(`Rapport is already running from ${dataDir}`);
    expect((await fetch(`http://127.0.0.1:${ports.PORT}/health`)).status).toBe(200);
    expect(await stop(first)).toBe(0);
  }, 2 * STARTUP_MS);
});
