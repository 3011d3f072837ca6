import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * One setting of `config()` as a fresh process reads it: `env` on top of this process's environment without
 * the `unset` variables. Answers the setting as JSON, or the message that stops the start.
 */
export function configIn(setting: string, env: Record<string, string>, unset: string[] = []): string {
  const rest = Object.fromEntries(Object.entries(process.env).filter(([name]) => !unset.includes(name)));
  const script = `const { config } = await import("@rapport/core/config"); try { process.stdout.write(JSON.stringify(config()[${JSON.stringify(setting)}])); } catch (error) { process.stdout.write(error.message); }`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("../../packages/core/test/", import.meta.url)),
    env: { ...rest, RAPPORT_TOKEN_SECRET: "test-secret", ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}
