import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stopOrphans } from "../src/orphans.ts";

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
});

/** A process that is not the runner's: a shell that execs `sleep`, as a `java` shim execs the real Java. */
async function aShimmedSleep(): Promise<ChildProcess> {
  const child = spawn("bash", ["-c", "sleep 0.3; exec sleep 60"], { stdio: "ignore" });
  started.push(child);
  await new Promise((ok) => child.once("spawn", ok));
  return child;
}

const commandOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
const startOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(" ")[19]!;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const exited = (child: ChildProcess) => new Promise((ok) => (child.exitCode !== null || child.signalCode !== null ? ok(undefined) : child.once("exit", ok)));

function recorded(entries: object[]): string {
  const dataDir = mkdtempSync(join(tmpdir(), "rapport-orphans-"));
  writeFileSync(join(dataDir, "pids.json"), JSON.stringify(entries));
  return dataDir;
}

describe.skipIf(process.platform !== "linux")("a start after a killed one", () => {
  it("stops the DynamoDB Local it recorded even after a shim exec'd into Java (same pid and start time, another command line)", async () => {
    const child = await aShimmedSleep();
    const pid = child.pid!;
    const dataDir = recorded([{ what: "DynamoDB Local", pid, command: commandOf(pid), started: startOf(pid) }]);
    await new Promise((ok) => setTimeout(ok, 600));
    expect(commandOf(pid)).toBe("sleep 60");
    expect(await stopOrphans(dataDir, () => {})).toBe(1);
    await exited(child);
    expect(alive(pid)).toBe(false);
  });

  it("leaves alone a process that holds a recorded pid but started at another time (a reused pid)", async () => {
    const child = await aShimmedSleep();
    const pid = child.pid!;
    const dataDir = recorded([{ what: "DynamoDB Local", pid, command: commandOf(pid), started: String(Number(startOf(pid)) - 1) }]);
    expect(await stopOrphans(dataDir, () => {})).toBe(0);
    expect(alive(pid)).toBe(true);
  });
});
