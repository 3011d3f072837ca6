import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
// tsx registered as a loader in the runner's own process (as `npm start` does), so a signal reaches its handler directly.
const tsxLoader = join(root, "node_modules/tsx/dist/loader.mjs");
export const STARTUP_MS = 90_000;

export interface Launched {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

export const running = new Set<ChildProcess>();

/**
 * Runs the local runner as `npm start` does (node with tsx registered, on main.ts), but without npm and
 * sh in between, so the test's signals reach the runner's own handler. With `underShell`, a shell stands
 * in for npm as the runner's parent (killing it leaves the runner orphaned, as killing npm does).
 */
export function launch(env: Record<string, string | undefined>, options: { underShell?: boolean } = {}): Launched {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const knob of ["HOST", "PORT", "DYNAMODB_PORT", "SES_PORT", "DATA_DIR", "ADMIN_API_KEY", "DEMO_SEED"]) delete childEnv[knob];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  const command = [process.execPath, "--import", tsxLoader, "packages/local/src/main.ts"];
  const child = options.underShell
    ? spawn("sh", ["-c", `"${command.join('" "')}" & wait`], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(command[0]!, command.slice(1), { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((ok) => child.once("exit", (code) => ok(code)));
  running.add(child);
  void exit.then(() => running.delete(child));
  return { child, output: () => output, exit };
}

export async function healthy(launched: Launched, port: number): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (launched.child.exitCode !== null) throw new Error(`The runner exited with ${launched.child.exitCode}:\n${launched.output()}`);
    // The banner first: an earlier runner left on the same port must not pass for this one.
    const status = launched.output().includes("Rapport is running.") ? await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0) : 0;
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No /health 200 within ${STARTUP_MS / 1000} s:\n${launched.output()}`);
}

export async function stop(launched: Launched, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  launched.child.kill(signal);
  return launched.exit;
}

function commandLine(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** The ids of running processes whose command line contains every one of `parts` (Linux /proc). */
export function processesWith(...parts: string[]): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      const command = commandLine(pid);
      return parts.every((part) => command.includes(part));
    })
    .map(Number);
}

/** The running children of `parent` whose command line contains every one of `parts`. */
export function childrenOf(parent: number, ...parts: string[]): number[] {
  return processesWith(...parts).filter((pid) => {
    try {
      return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(" ")[1]) === parent;
    } catch {
      return false;
    }
  });
}

/** Whether a process with this id still runs (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    return !/\)\s+Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** The DynamoDB Local process listening on `port` (the Java process started with `-port <port>`). */
export function dynamoOn(port: number | string): number[] {
  return processesWith("java", `-port ${port} `);
}

function decode(hex: string): string {
  if (hex.length === 8) return hex.match(/../g)!.reverse().map((byte) => parseInt(byte, 16)).join(".");
  if (/^0{32}$/.test(hex)) return "::";
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d): four little-endian 32-bit words, the last holds the IPv4 address.
  if (/^0{16}FFFF0000/i.test(hex)) return decode(hex.slice(24));
  return hex;
}

/** The local addresses something listens on at TCP `port`, from /proc/net/tcp and tcp6 (Linux). */
export function listeningAddresses(port: number | string): string[] {
  const addresses: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, hexPort] = local!.split(":");
      if (state === "0A" && parseInt(hexPort!, 16) === Number(port)) addresses.push(decode(address!));
    }
  }
  return addresses;
}
