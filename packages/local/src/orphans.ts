import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StartupError } from "./engines.ts";

/** A process the local runner started (or the runner itself), as recorded in `DATA_DIR/pids.json`. */
interface Owned {
  what: "runner" | "DynamoDB Local";
  pid: number;
  /** Its command line when it was recorded: where there is no /proc, a pid only counts as ours while it still runs this command. */
  command: string;
  /**
   * When it started, in clock ticks after boot (/proc/<pid>/stat): a pid counts as ours only while the
   * process holding it started then. Unlike the command line it survives an exec (a `java` shim that
   * execs the real Java), and a reused pid has another.
   */
  started?: string;
  /** The runner's parent (npm) when it was recorded: a runner whose parent changed was orphaned. */
  parent?: number;
}

const pidFile = (dataDir: string) => join(dataDir, "pids.json");

/** The command line of a running process, or undefined when there is none with that id. */
function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    const ps = spawnSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" });
    return ps.status === 0 && ps.stdout.trim() ? ps.stdout.trim() : undefined;
  }
}

/** The fields of /proc/<pid>/stat after the name (which may hold spaces): [0] is the state, [1] the parent, [19] the start time. */
function statOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(" ");
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const stat = statOf(pid);
  if (stat) return Number(stat[1]);
  const ps = spawnSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" });
  return ps.status === 0 ? Number(ps.stdout.trim()) : undefined;
}

/** Whether `owned` still runs: the same pid, started at the same time (or, without /proc, running the same command). */
function stillOurs(owned: Owned): boolean {
  if (owned.started !== undefined) return statOf(owned.pid)?.[19] === owned.started;
  return commandOf(owned.pid) === owned.command;
}

function read(dataDir: string): Owned[] {
  try {
    const saved = JSON.parse(readFileSync(pidFile(dataDir), "utf8")) as unknown;
    return Array.isArray(saved) ? saved.filter((o): o is Owned => typeof o?.pid === "number" && typeof o?.command === "string") : [];
  } catch {
    return [];
  }
}

async function gone(owned: Owned, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!stillOurs(owned)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !stillOurs(owned);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // it exited in the meantime
  }
}

async function stop(owned: Owned, log: (line: string) => void): Promise<void> {
  log(`Stopping ${owned.what} (pid ${owned.pid}) left running by an earlier start ...`);
  signal(owned.pid, "SIGTERM");
  if (await gone(owned, 20_000)) return;
  signal(owned.pid, "SIGKILL");
  if (!(await gone(owned, 5_000))) throw new StartupError(`${owned.what} (pid ${owned.pid}) from an earlier start would not stop; stop it by hand.`);
}

/**
 * Stops what an earlier start in `dataDir` left running after it was killed (SIGKILL gives it no
 * chance to stop its children): DynamoDB Local, and the runner itself when npm above it was killed.
 * Fails when that runner is still someone's live `npm start`. Answers how many it stopped.
 */
export async function stopOrphans(dataDir: string, log: (line: string) => void): Promise<number> {
  const owned = read(dataDir).filter((o) => o.pid !== process.pid && stillOurs(o));
  const runner = owned.find((o) => o.what === "runner");
  if (runner && parentOf(runner.pid) === runner.parent) {
    throw new StartupError(`Rapport is already running from ${dataDir} (pid ${runner.pid}); stop it first, or use another DATA_DIR.`);
  }
  // The runner first: it stops its own DynamoDB Local in order.
  let stopped = 0;
  for (const o of owned.sort((a, b) => (a.what === "runner" ? -1 : b.what === "runner" ? 1 : 0))) {
    if (stillOurs(o)) {
      await stop(o, log);
      stopped++;
    }
  }
  rmSync(pidFile(dataDir), { force: true });
  return stopped;
}

/** Records this runner and the processes it started, so a start after a SIGKILL can find them. */
export function recordOwned(dataDir: string, children: { what: Owned["what"]; pid: number }[]): void {
  const started = (pid: number) => {
    const at = statOf(pid)?.[19];
    return at === undefined ? {} : { started: at };
  };
  const entries: Owned[] = [{ what: "runner", pid: process.pid, command: commandOf(process.pid) ?? "", parent: process.ppid, ...started(process.pid) }];
  for (const child of children) {
    const command = commandOf(child.pid);
    if (command) entries.push({ ...child, command, ...started(child.pid) });
  }
  mkdirSync(dataDir, { recursive: true });
  // Written whole or not at all: a SIGKILL mid-write must not leave a file that reads as "nothing running".
  const partial = `${pidFile(dataDir)}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(entries, null, 2)}\n`);
  renameSync(partial, pidFile(dataDir));
}

/** Forgets the recorded processes after a clean stop. */
export function forgetOwned(dataDir: string): void {
  rmSync(pidFile(dataDir), { force: true });
}
