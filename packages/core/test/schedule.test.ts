import { describe, expect, it } from "vitest";
import { nextLocalHour, nextTouch, parseBestHours, zonedTime } from "@rapport/core/followup/schedule";
import { recoveryDueAt, tripsRecovery } from "@rapport/core/followup/index";

describe("touch schedule", () => {
  it("puts a weekly touch a week later at the start of the customer's best hours, in their time zone", () => {
    // Monday 23 Nov 2026, 10:00 UTC → Monday 30 Nov 16:00 in Berlin (UTC+1) = 15:00 UTC
    expect(nextTouch(new Date("2026-11-23T10:00:00Z"), "weekly", "Europe/Berlin", "16:00–18:00")?.toISOString()).toBe("2026-11-30T15:00:00.000Z");
  });

  it("follows daylight saving time", () => {
    // Monday 6 Jul 2026 → Monday 13 Jul 16:00 in Berlin (UTC+2) = 14:00 UTC
    expect(nextTouch(new Date("2026-07-06T10:00:00Z"), "weekly", "Europe/Berlin", "16:00-18:00")?.toISOString()).toBe("2026-07-13T14:00:00.000Z");
    // 09:00 in New York on 8 Mar 2026, the day clocks go forward, is 13:00 UTC
    expect(zonedTime("America/New_York", 2026, 3, 8, 9, 0).toISOString()).toBe("2026-03-08T13:00:00.000Z");
  });

  it("moves a touch that lands on a weekend to the next weekday", () => {
    // Saturday 28 Nov → Saturday 5 Dec → Monday 7 Dec 16:00 Berlin
    expect(nextTouch(new Date("2026-11-28T10:00:00Z"), "weekly", "Europe/Berlin", "16:00–18:00")?.toISOString()).toBe("2026-12-07T15:00:00.000Z");
  });

  it("has no touch for 'only when something needs me'", () => {
    expect(nextTouch(new Date("2026-11-23T10:00:00Z"), "as-needed", "UTC", "")).toBeUndefined();
  });

  it("reads best hours written in several ways", () => {
    expect(parseBestHours("after 4pm")).toMatchObject({ startHour: 16, startMinute: 0 });
    expect(parseBestHours("Weekdays 9:30-11")).toMatchObject({ startHour: 9, startMinute: 30, days: [1, 2, 3, 4, 5] });
    expect(parseBestHours("weekends, mornings")).toMatchObject({ startHour: 9, days: [0, 6] });
    expect(parseBestHours("")).toMatchObject({ startHour: 9 });
  });

  it("sends the morning digest at the next 08:00 in the rep's zone", () => {
    expect(nextLocalHour(new Date("2026-11-22T09:00:00Z"), "America/New_York", 8).toISOString()).toBe("2026-11-22T13:00:00.000Z");
    expect(nextLocalHour(new Date("2026-11-22T14:00:00Z"), "America/New_York", 8).toISOString()).toBe("2026-11-23T13:00:00.000Z");
  });
});

describe("the recovery rule", () => {
  it("trips on any rating of 1 or 2, or a mean below 3", () => {
    expect(tripsRecovery({ a: 5, b: 2 })).toBe(true);
    expect(tripsRecovery({ a: 3, b: 3, c: 3 })).toBe(false);
    expect(tripsRecovery({ a: 3, b: 3, c: "na" })).toBe(false);
    expect(tripsRecovery({ a: "na", b: "na" })).toBe(false);
  });

  it("is due within 24 hours, sooner when the customer expects faster answers", () => {
    const at = new Date("2026-11-22T10:00:00Z");
    expect(recoveryDueAt(at, undefined).toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(recoveryDueAt(at, "1h").toISOString()).toBe("2026-11-22T11:00:00.000Z");
    expect(recoveryDueAt(at, "4h").toISOString()).toBe("2026-11-22T14:00:00.000Z");
    expect(recoveryDueAt(at, "24h").toISOString()).toBe("2026-11-23T10:00:00.000Z");
  });
});
