import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { isIP } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { ApiKey } from "@rapport/core/api-key/index";
import { configure, localKnob } from "@rapport/core/config";
import { ensureStream, ensureTable, resetClients } from "@rapport/core/db/index";
import { resetSes } from "@rapport/core/email/index";
import { JobTravel } from "@rapport/core/job/travel";
import { createApp } from "@rapport/functions/api/app";
import { ensureJava, ensurePortsFree, LOOPBACK, reachableHost, startDynamo, startSes, StartupError } from "./engines.ts";
import { forgetOwned, recordOwned, stopOrphans } from "./orphans.ts";
import { DEMO_SIGN_IN, readDemoCredentials, seedDemoOnce } from "./seed.ts";
import { startCampaignWorker } from "./worker.ts";
import { startOutboundWorker } from "./outbound-worker.ts";

const TABLE = "rapport";
const actor = { kind: "system", id: "local-runner" } as const;

export interface StartOptions {
  /** The address the app and both engines listen on (default 127.0.0.1: this machine only). */
  host?: string;
  port: number;
  dynamoPort: number;
  sesPort: number;
  /** Where DynamoDB Local keeps its files and the demo credentials live. */
  dataDir: string;
  /** Registered as an admin API key, so a script can drive a fresh instance. */
  adminApiKey?: string;
  /** Seed the demo organization on the first start (default true). */
  demoSeed?: boolean;
  log?: (line: string) => void;
}

/** A running local Rapport: its addresses and how to stop it. */
export interface Runner {
  urls: { app: string; health: string; docs: string; openapi: string; inbox: string; inboxStore: string; dynamo: string };
  dataDir: string;
  tableName: string;
  /** The demo admin key saved by the demo seed, when there is one. */
  demoApiKey?: string;
  adminApiKey?: string;
  /** Settles with a message when an engine stops on its own while the runner is up. */
  failed: Promise<string>;
  /** Stops the HTTP server, the SES emulator and DynamoDB Local, and waits for them. */
  stop(): Promise<void>;
}

/** The runner's options from its knobs (HOST, PORT, DYNAMODB_PORT, SES_PORT, DATA_DIR, ADMIN_API_KEY, DEMO_SEED). */
export function optionsFromKnobs(): StartOptions {
  const adminApiKey = localKnob("ADMIN_API_KEY");
  const host = localKnob("HOST");
  return {
    ...(host ? { host } : {}),
    port: portKnob("PORT", 3000),
    dynamoPort: portKnob("DYNAMODB_PORT", 8000),
    sesPort: portKnob("SES_PORT", 8005),
    dataDir: resolve(localKnob("DATA_DIR") ?? ".local"),
    ...(adminApiKey ? { adminApiKey } : {}),
    demoSeed: localKnob("DEMO_SEED") !== "0",
  };
}

function portKnob(name: "PORT" | "DYNAMODB_PORT" | "SES_PORT", fallback: number): number {
  const raw = localKnob(name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new StartupError(`${name}=${raw} is not a port number (1 to 65535).`);
  return port;
}

function checkOptions(options: StartOptions): void {
  const knobs: [string, number][] = [["PORT", options.port], ["DYNAMODB_PORT", options.dynamoPort], ["SES_PORT", options.sesPort]];
  for (const [i, [name, port]] of knobs.entries()) {
    const clash = knobs.slice(i + 1).find(([, other]) => other === port);
    if (clash) throw new StartupError(`${name} and ${clash[0]} are both ${port}; give each its own port.`);
  }
  if (options.host !== undefined && !isIP(options.host)) {
    throw new StartupError(`HOST=${options.host} is not an IP address; use 127.0.0.1 (the default: this machine only) or 0.0.0.0 (every interface).`);
  }
  const key = options.adminApiKey;
  if (key !== undefined && !/^\S{1,200}$/.test(key)) {
    throw new StartupError("ADMIN_API_KEY must be 1 to 200 characters without spaces (it is sent as `Authorization: Bearer <key>`).");
  }
}

/**
 * Starts DynamoDB Local (persisted under `dataDir`), the SES emulator and the app on `host`, creates
 * the table, registers `adminApiKey` and seeds the demo organization once. First stops what a killed
 * earlier start in `dataDir` left running. Fails with a StartupError, before starting anything, when
 * Java is missing or a port is taken.
 */
export async function start(options: StartOptions): Promise<Runner> {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? LOOPBACK;
  checkOptions(options);
  ensureJava();
  // A stopped process's ports are released a moment after it is gone: give them a few seconds.
  const patience = (await stopOrphans(options.dataDir, log)) > 0 ? 10_000 : 0;
  await ensurePortsFree(
    [
      [options.port, "the app", "PORT"],
      [options.dynamoPort, "DynamoDB Local", "DYNAMODB_PORT"],
      [options.sesPort, "the SES emulator", "SES_PORT"],
    ],
    host,
    patience,
  );

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: Error) => log(`While stopping: ${error.message}`));
    forgetOwned(options.dataDir);
    resetClients();
  };
  let stopping = false;
  try {
    log(`Starting DynamoDB Local on ${host}:${options.dynamoPort} (data in ${options.dataDir}) ...`);
    recordOwned(options.dataDir, []);
    const dynamo = await startDynamo({
      port: options.dynamoPort,
      host,
      dataDir: options.dataDir,
      detached: true,
      onSpawn: (pid) => recordOwned(options.dataDir, [{ what: "DynamoDB Local", pid }]),
    });
    stops.push(dynamo.stop);
    const ses = await startSes({ port: options.sesPort, host });
    stops.push(ses.stop);

    const local = (port: number) => `http://${host === LOOPBACK ? "localhost" : reachableHost(host)}:${port}`;
    const appUrl = local(options.port);
    configure({ dynamoEndpoint: dynamo.endpoint, sesEndpoint: ses.endpoint, appUrl, tableName: TABLE, tokenSecret: signingSecret(options.dataDir) });
    resetClients();
    resetSes();
    log((await ensureTable()) ? `Created table ${TABLE}.` : `Table ${TABLE} is ready.`);

    if (options.adminApiKey) {
      await ApiKey.register(options.adminApiKey, { name: "ADMIN_API_KEY (local runner)", scopes: ["admin"] }, actor);
      log("Registered ADMIN_API_KEY as an admin API key.");
    }
    if (options.demoSeed ?? true) {
      const seeded = await seedDemoOnce(options.dataDir);
      if (seeded) log(`Seeded the demo organization: ${seeded.reps.length} reps, ${seeded.customers.length} customers, ${seeded.answers} answered report cards over two quarters, an admin API key.`);
    }

    const server = await listen(host, options.port, log);
    stops.push(() => closeServer(server));
    const jobs = everyMinute(log);
    stops.push(jobs.stop);
    // Campaigns are sent by the worker reading the table's stream, as in AWS.
    if (await ensureStream()) log(`Turned on the table's stream for the campaign worker.`);
    const worker = await startCampaignWorker({ checkpointFile: join(options.dataDir, "campaign-worker.json"), log });
    stops.push(worker.stop);
    // Webhook deliveries and Slack messages leave from the same stream, through a second reader.
    const outbound = await startOutboundWorker({ checkpointFile: join(options.dataDir, "outbound-worker.json"), log });
    stops.push(outbound.stop);

    const failed = dynamo.exited!.then(({ code, signal, output }) => {
      if (stopping) return new Promise<string>(() => {});
      return `DynamoDB Local stopped unexpectedly (${signal ?? `exit code ${code}`}). Its last output:\n${output.trim() || "(none)"}`;
    });
    const demoApiKey = readDemoCredentials(options.dataDir)?.adminApiKey;
    return {
      urls: {
        app: appUrl,
        health: `${appUrl}/health`,
        docs: `${appUrl}/docs`,
        openapi: `${appUrl}/openapi.json`,
        inbox: local(options.sesPort),
        inboxStore: `${local(options.sesPort)}/store`,
        dynamo: local(options.dynamoPort),
      },
      dataDir: options.dataDir,
      tableName: TABLE,
      ...(demoApiKey ? { demoApiKey } : {}),
      ...(options.adminApiKey ? { adminApiKey: options.adminApiKey } : {}),
      failed,
      stop: async () => {
        stopping = true;
        await stopAll();
      },
    };
  } catch (error) {
    stopping = true;
    await stopAll();
    throw error;
  }
}

/**
 * The signing secret behind survey and unsubscribe links, kept beside the data so that links in
 * emails keep working across restarts (in AWS it is the SigningSecret).
 */
function signingSecret(dataDir: string): string {
  const path = join(dataDir, "signing-secret");
  try {
    const saved = readFileSync(path, "utf8").trim();
    if (saved.length >= 32) return saved;
  } catch {
    // first start: create it below
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Runs the scheduled job now and then every minute, as the Cron does in AWS; one run at a time. */
function everyMinute(log: (line: string) => void): { stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = JobTravel.runNow()
      .then((report) => {
        const counts = Object.entries(report).filter(([name, value]) => name !== "now" && name !== "due" && typeof value === "number" && value > 0);
        if (counts.length) log(`Scheduled job: ${counts.map(([name, value]) => `${name} ${value}`).join(", ")}.`);
      })
      .catch((error: unknown) => log(`Scheduled job failed (it runs again in a minute): ${String(error)}`))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, 60_000);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

async function listen(hostname: string, port: number, log: (line: string) => void): Promise<Server> {
  const app = createApp();
  return new Promise((ok, fail) => {
    const server = serve(
      {
        fetch: async (request, env) => {
          const started = Date.now();
          const response = await app.fetch(request, env);
          log(`${request.method} ${new URL(request.url).pathname} ${response.status} ${Date.now() - started}ms`);
          return response;
        },
        port,
        hostname,
      },
      () => ok(server as Server),
    );
    server.once("error", (error: NodeJS.ErrnoException) =>
      fail(error.code === "EADDRINUSE" ? new StartupError(`Port ${port} (the app) was taken while starting; pick another with PORT=<port>.`) : error),
    );
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  });
}

/** The lines a person needs after `npm start`: every URL, the data directory and a key to try the API with. */
export function banner(runner: Runner): string {
  const { urls } = runner;
  const key = runner.demoApiKey ?? runner.adminApiKey;
  const lines = [
    "",
    "Rapport is running.",
    "",
    `  App            ${urls.app}`,
    `  Health         ${urls.health}`,
    `  API docs       ${urls.docs}`,
    `  OpenAPI        ${urls.openapi}`,
    `  Admin console  ${urls.app}/admin   (admins sign in by magic link, like reps)`,
    `  Email inbox    ${urls.inbox}   (JSON: ${urls.inboxStore})`,
    `  DynamoDB       ${urls.dynamo}   (table ${runner.tableName})`,
    `  Data           ${runner.dataDir}`,
    "",
  ];
  if (runner.demoApiKey) {
    lines.push(
      `  Demo sign-in   ${urls.app}/auth/login   (the link arrives in the email inbox)`,
      `                 rep:     ${DEMO_SIGN_IN.rep}`,
      `                 manager: ${DEMO_SIGN_IN.manager}`,
      `                 admin:   ${DEMO_SIGN_IN.admin}   (opens the admin console)`,
      "",
      `  Demo admin API key   ${runner.demoApiKey}`,
    );
  }
  if (runner.adminApiKey) lines.push("  ADMIN_API_KEY        registered with the admin scope");
  if (!key) lines.push("  No admin API key: start with ADMIN_API_KEY=<key>, or without DEMO_SEED=0 for the demo key.");
  lines.push(
    "",
    "  Create a rep:",
    `    curl -X POST ${urls.app}/v1/reps \\`,
    `      -H 'Authorization: Bearer ${key ?? "<admin api key>"}' -H 'Content-Type: application/json' \\`,
    `      -d '{"name": "Ada Lovelace", "email": "ada@example.com", "team": "Northeast"}'`,
    "",
    "Ctrl-C stops everything; the data stays in the data directory.",
    "",
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  let runner: Runner | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (!runner) process.exit(130);
    console.log("Stopping ...");
    setTimeout(() => {
      console.error("Rapport did not stop within 20 s; exiting anyway.");
      process.exit(1);
    }, 20_000).unref();
    await runner.stop();
    console.log("Stopped.");
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

  try {
    runner = await start(optionsFromKnobs());
  } catch (error) {
    console.error(error instanceof StartupError ? `Rapport could not start.\n${error.message}` : error);
    process.exit(1);
  }
  console.log(banner(runner));
  void runner.failed.then((message) => {
    console.error(message);
    void shutdown(1);
  });
}

function isEntryPoint(): boolean {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]!) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();
