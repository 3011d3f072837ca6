import { describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { RateLimit } from "@rapport/core/ratelimit/index";

const minute = { limit: 3, windowMs: 60_000 };
const at = (iso: string) => new Date(iso);

describe("an allowance per window", () => {
  it("allows the limit in a window, then says how long until the next window opens", async () => {
    const take = (iso: string) => Clock.at(at(iso), () => RateLimit.take("test#a", minute));
    expect(await take("2026-12-02T10:00:05Z")).toEqual({ allowed: true });
    expect(await take("2026-12-02T10:00:30Z")).toEqual({ allowed: true });
    expect(await take("2026-12-02T10:00:59Z")).toEqual({ allowed: true });
    // The fourth in the window that opened at 10:00:00 and closes at 10:01:00: 60 - 59.2 = 0.8 s, rounded up to 1.
    expect(await take("2026-12-02T10:00:59.200Z")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await take("2026-12-02T10:01:00Z")).toEqual({ allowed: true });
  });

  it("keeps each bucket's allowance its own, and tells a refused caller the seconds left", async () => {
    const take = (bucket: string, iso: string) => Clock.at(at(iso), () => RateLimit.take(bucket, minute));
    for (let i = 0; i < 3; i++) expect(await take("test#b", "2026-12-02T11:00:00Z")).toEqual({ allowed: true });
    // 11:00:00 → the window closes at 11:01:00: 60 s to wait; at 11:00:45, 15 s.
    expect(await take("test#b", "2026-12-02T11:00:00Z")).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await take("test#b", "2026-12-02T11:00:45Z")).toEqual({ allowed: false, retryAfterSeconds: 15 });
    expect(await take("test#c", "2026-12-02T11:00:45Z")).toEqual({ allowed: true });
  });

  it("lets exactly the limit through when requests arrive at once", async () => {
    const results = await Clock.at(at("2026-12-02T12:00:00Z"), () => Promise.all(Array.from({ length: 10 }, () => RateLimit.take("test#d", minute))));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });
});
