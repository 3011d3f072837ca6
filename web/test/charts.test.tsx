import { describe, expect, it } from "vitest";
import { formatPercent } from "../src/pages/charts.tsx";

describe("number formats", () => {
  it("writes percentages without trailing zeros", () => {
    expect(formatPercent(0.2)).toBe("20%");
    expect(formatPercent(0.225)).toBe("22.5%");
    expect(formatPercent(0.1556912)).toBe("15.57%");
  });
});
