import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** `config().allowTimeTravel` as a fresh process with `env` reads it from its environment. */
function allowTimeTravel(env: Record<string, string>): string {
  const { AWS_LAMBDA_FUNCTION_NAME: _lambda, RAPPORT_ALLOW_TIME_TRAVEL: _knob, ...rest } = process.env;
  const script = `const { config } = await import("@rapport/core/config"); try { process.stdout.write(String(config().allowTimeTravel)); } catch (error) { process.stdout.write(error.message); }`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: import.meta.dirname,
    env: { ...rest, RAPPORT_TOKEN_SECRET: "test-secret", ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe("RAPPORT_ALLOW_TIME_TRAVEL", () => {
  it("is on by default locally and in tests, off by default in Lambda, and an explicit setting wins either way", () => {
    expect(allowTimeTravel({})).toBe("true");
    expect(allowTimeTravel({ AWS_LAMBDA_FUNCTION_NAME: "rapport-prod-Api" })).toBe("false");
    expect(allowTimeTravel({ AWS_LAMBDA_FUNCTION_NAME: "rapport-test-Api", RAPPORT_ALLOW_TIME_TRAVEL: "true" })).toBe("true");
    expect(allowTimeTravel({ RAPPORT_ALLOW_TIME_TRAVEL: "false" })).toBe("false");
    expect(allowTimeTravel({ RAPPORT_ALLOW_TIME_TRAVEL: "maybe" })).toBe('RAPPORT_ALLOW_TIME_TRAVEL must be true or false, not "maybe".');
  });
});
