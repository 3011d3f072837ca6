import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { endOfLocalDay, nextLocalHour, nextTouch, parseBestHours, zonedTime } from "@rapport/core/followup/schedule";
import { recoveryDueAt, tripsRecovery } from "@rapport/core/followup/recovery-case";

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

  it("lands a touch set for 02:30 on a spring-forward day at 03:00, when the clocks reach it", () => {
    // New York, Sunday 14 Mar 2027: at 02:00 EST the clocks jump to 03:00 EDT (07:00 UTC); 02:30 never happens.
    const before = new Date("2027-03-13T07:30:00Z"); // Saturday 02:30 EST
    const touch = nextTouch(before, "daily", "America/New_York", "every day 2:30-4")!;
    expect(touch.toISOString()).toBe("2027-03-14T07:00:00.000Z");
    expect(DateTime.fromJSDate(touch, { zone: "America/New_York" }).toFormat("yyyy-MM-dd HH:mm ZZZZ")).toBe("2027-03-14 03:00 EDT");
    // The day after, 02:30 exists again (EDT, 06:30 UTC).
    expect(nextTouch(touch, "daily", "America/New_York", "every day 2:30-4")!.toISOString()).toBe("2027-03-15T06:30:00.000Z");
    // Every wall time inside the gap lands at its end; the half-hour gap of Lord Howe Island ends at 02:30.
    expect(zonedTime("America/New_York", 2027, 3, 14, 2, 0).toISOString()).toBe("2027-03-14T07:00:00.000Z");
    expect(zonedTime("America/New_York", 2027, 3, 14, 2, 59).toISOString()).toBe("2027-03-14T07:00:00.000Z");
    expect(zonedTime("Australia/Lord_Howe", 2026, 10, 4, 2, 15).toISOString()).toBe("2026-10-03T15:30:00.000Z");
  });

  it("has a daily touch at 01:30 on a fall-back day happen once, at the earlier 01:30", () => {
    // New York, Sunday 1 Nov 2026: 01:00–02:00 happens twice, first in EDT (05:00–06:00 UTC), then in EST (06:00–07:00 UTC).
    const zone = "America/New_York";
    const hours = "daily 1:30-3";
    const occurrences: Date[] = [];
    for (let at: Date | undefined = new Date("2026-10-29T05:30:00Z"); at && at < new Date("2026-11-04T00:00:00Z"); at = nextTouch(at, "daily", zone, hours)) occurrences.push(at);
    const onTheDay = occurrences.filter((at) => DateTime.fromJSDate(at, { zone }).toISODate() === "2026-11-01");
    expect(onTheDay.map((at) => at.toISOString())).toEqual(["2026-11-01T05:30:00.000Z"]);
    expect(occurrences.map((at) => DateTime.fromJSDate(at, { zone }).toFormat("MM-dd HH:mm"))).toEqual(["10-29 01:30", "10-30 01:30", "10-31 01:30", "11-01 01:30", "11-02 01:30", "11-03 01:30"]);
    // Done at any moment of that day, even during the repeated hour, the next touch is the next day's.
    for (let at = DateTime.fromISO("2026-11-01T00:00", { zone }); at.toISODate() === "2026-11-01"; at = at.plus({ minutes: 10 })) {
      expect(nextTouch(at.toJSDate(), "daily", zone, hours)!.toISOString()).toBe("2026-11-02T06:30:00.000Z");
    }
  });

  it("ends the local day at midnight in the zone, on the days the clocks change too", () => {
    // Berlin, 25 Oct 2026 has 25 hours: it ends at midnight CET, 23:00 UTC.
    expect(endOfLocalDay(new Date("2026-10-25T10:00:00Z"), "Europe/Berlin").toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(endOfLocalDay(new Date("2026-10-24T22:30:00Z"), "Europe/Berlin").toISOString()).toBe("2026-10-25T23:00:00.000Z");
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
