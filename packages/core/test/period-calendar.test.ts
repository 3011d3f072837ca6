import { describe, expect, it } from "vitest";
import { Period } from "@rapport/core/period/index";

describe("the calendar quarters finance closes", () => {
  it("places an instant in its UTC quarter", () => {
    expect(Period.periodOf(new Date("2026-01-01T00:00:00Z"))).toBe("2026-Q1");
    expect(Period.periodOf(new Date("2026-03-31T23:59:59.999Z"))).toBe("2026-Q1");
    expect(Period.periodOf(new Date("2026-04-01T00:00:00Z"))).toBe("2026-Q2");
    expect(Period.periodOf(new Date("2026-09-30T12:00:00Z"))).toBe("2026-Q3");
    expect(Period.periodOf(new Date("2026-12-31T23:59:59Z"))).toBe("2026-Q4");
  });

  it("steps to the next and the previous quarter across the turn of the year", () => {
    expect(Period.next("2026-Q1")).toBe("2026-Q2");
    expect(Period.next("2026-Q3")).toBe("2026-Q4");
    expect(Period.next("2026-Q4")).toBe("2027-Q1");
    expect(Period.previous("2026-Q2")).toBe("2026-Q1");
    expect(Period.previous("2026-Q4")).toBe("2026-Q3");
    expect(Period.previous("2026-Q1")).toBe("2025-Q4");
  });

  it("bounds a quarter from its first instant to the first instant after it", () => {
    expect(Period.bounds("2026-Q1")).toEqual({ start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-04-01T00:00:00Z") });
    expect(Period.bounds("2026-Q3")).toEqual({ start: new Date("2026-07-01T00:00:00Z"), end: new Date("2026-10-01T00:00:00Z") });
    expect(Period.bounds("2026-Q4")).toEqual({ start: new Date("2026-10-01T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") });
  });
});
