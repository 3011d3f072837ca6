import { afterEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { GetAccountCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { Email } from "@rapport/core/email/index";
import { takeSendAllowance } from "@rapport/core/email/rate";

afterEach(() => Email.resetSes());

/** A clock that only moves when the bucket sleeps, recording each sleep. */
function fakeClock(start = 1_000_000) {
  let at = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => at,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      at += ms;
    },
    advance: (ms: number) => {
      at += ms;
    },
  };
}

describe("pacing bulk sends to the account's SES send rate", () => {
  it("lets a full second's worth out at once, then waits for the bucket to refill at MaxSendRate", async () => {
    // A fresh client, so the bucket reads this account's rate.
    Email.resetSes();
    const ses = mockClient(SESv2Client);
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 100, Max24HourSend: 50_000, SentLast24Hours: 0 } });
    const clock = fakeClock();
    try {
      // The bucket holds 100 (one second at 100 a second): two batches of 50 go at once.
      await takeSendAllowance(50, clock);
      await takeSendAllowance(50, clock);
      expect(clock.sleeps).toEqual([]);
      // The third waits 50 / 100 a second = 500 ms.
      await takeSendAllowance(50, clock);
      expect(clock.sleeps).toEqual([500]);
      // After 200 ms idle the bucket holds 20; 50 more need 30 more tokens: 300 ms.
      clock.advance(200);
      await takeSendAllowance(50, clock);
      expect(clock.sleeps).toEqual([500, 300]);
      expect(ses.commandCalls(GetAccountCommand)).toHaveLength(1);
    } finally {
      ses.restore();
    }
  });

  it("holds a batch of 50 at least when the account's rate is lower (a sandbox's 1 a second), pacing it over 50 s", async () => {
    Email.resetSes();
    const ses = mockClient(SESv2Client);
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 1, Max24HourSend: 200, SentLast24Hours: 0 } });
    const clock = fakeClock();
    try {
      await takeSendAllowance(50, clock);
      await takeSendAllowance(50, clock);
      // 50 tokens at 1 a second.
      expect(clock.sleeps).toEqual([50_000]);
    } finally {
      ses.restore();
    }
  });

  it("sends unpaced while SES does not say its rate, and asks again on the next new client", async () => {
    Email.resetSes();
    const ses = mockClient(SESv2Client);
    ses.on(GetAccountCommand).rejects(Object.assign(new Error("Account not found"), { name: "BadRequestException" }));
    const clock = fakeClock();
    try {
      for (let i = 0; i < 10; i++) await takeSendAllowance(50, clock);
      expect(clock.sleeps).toEqual([]);
      Email.resetSes();
      await takeSendAllowance(50, clock);
      expect(ses.commandCalls(GetAccountCommand)).toHaveLength(2);
    } finally {
      ses.restore();
    }
  });
});
