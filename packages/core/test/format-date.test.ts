import { describe, expect, it } from "vitest";
import { formatDate } from "@rapport/core/clock/format-date";

describe("formatDate", () => {
  it("writes times for people in their own zone, naming it", () => {
    expect(formatDate("2026-11-22T14:05:00Z", "UTC")).toBe("Sun 22 Nov 2026, 14:05 (UTC)");
    expect(formatDate("2026-11-22T14:05:00Z", "Europe/Berlin")).toBe("Sun 22 Nov 2026, 15:05 (Europe/Berlin)");
    // Summer time: Berlin is two hours ahead in July.
    expect(formatDate("2026-07-01T12:00:00Z", "Europe/Berlin")).toBe("Wed 1 Jul 2026, 14:00 (Europe/Berlin)");
    // The calendar day is the reader's: late evening in New York is already tomorrow in UTC.
    expect(formatDate("2026-03-01T23:59:59+02:00", "America/New_York")).toBe("Sun 1 Mar 2026, 16:59 (America/New_York)");
    expect(formatDate("2026-11-22T14:05:00Z", "Not/A_Zone")).toBe("Sun 22 Nov 2026, 14:05 (UTC)");
    expect(formatDate("not a date", "UTC")).toBe("not a date");
  });
});
