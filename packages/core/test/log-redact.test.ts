import { describe, expect, it } from "vitest";
import { redact } from "@rapport/core/log/index";

describe("what a log line may say", () => {
  it("masks every email address in a message, whatever surrounds it", () => {
    expect(redact("Email address is not verified: ana.lima@example.com")).toBe("Email address is not verified: [email]");
    expect(redact("To: <Bo+invites@Sub.Example.co.uk>, cc jo@x.io.")).toBe("To: <[email]>, cc [email].");
  });

  it("leaves a stack trace's file paths readable when a package version sits in them", () => {
    const frame = "at async file:///work/node_modules/.pnpm/sinon@17.0.1/node_modules/sinon/lib/proxy.js:10:3";
    expect(redact(frame)).toBe(frame);
  });
});
