import { describe, expect, it } from "vitest";
import { configIn } from "../../../test/support/config-process.ts";

/** `config().allowTimeTravel` as a fresh process with `env` reads it from its environment (or the message that stops the start). */
const allowTimeTravel = (env: Record<string, string>) => configIn("allowTimeTravel", env, ["AWS_LAMBDA_FUNCTION_NAME", "RAPPORT_ALLOW_TIME_TRAVEL"]);

describe("RAPPORT_ALLOW_TIME_TRAVEL", () => {
  it("is on by default locally and in tests, off by default in Lambda, and an explicit setting wins either way", () => {
    expect(allowTimeTravel({})).toBe("true");
    expect(allowTimeTravel({ AWS_LAMBDA_FUNCTION_NAME: "rapport-prod-Api" })).toBe("false");
    expect(allowTimeTravel({ AWS_LAMBDA_FUNCTION_NAME: "rapport-test-Api", RAPPORT_ALLOW_TIME_TRAVEL: "true" })).toBe("true");
    expect(allowTimeTravel({ RAPPORT_ALLOW_TIME_TRAVEL: "false" })).toBe("false");
    expect(allowTimeTravel({ RAPPORT_ALLOW_TIME_TRAVEL: "maybe" })).toBe('RAPPORT_ALLOW_TIME_TRAVEL must be true or false, not "maybe".');
  });
});
