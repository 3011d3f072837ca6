import { describe, expect, it } from "vitest";
import { displayName, headerName, headerValue, mailbox, subjectLine } from "@rapport/core/email/headers";

/** RFC 2047 B-encoded UTF-8 words decoded; whitespace between adjacent words is dropped (RFC 2047 §6.2). */
const decode = (value: string) =>
  value.replace(/\?=\s+=\?/g, "?==?").replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, text: string) => Buffer.from(text, "base64").toString("utf8"));

describe("header values built from names", () => {
  it("turns line breaks into a space and drops every other control character", () => {
    expect(headerName("Rosa\r\nBcc: spy@evil.example")).toBe("Rosa Bcc: spy@evil.example");
    expect(headerName("Gina\u0000Linetti\u007F\u009B")).toBe("GinaLinetti");
    expect(headerName("Gina\u0085Linetti")).toBe("Gina Linetti");
    expect(headerName("Amy \u202Egnp.exe \u2066Santiago\u2069\u200F")).toBe("Amy gnp.exe Santiago");
    expect(headerName("\t  Jake \u2028 Peralta  ")).toBe("Jake Peralta");
  });

  it("cuts a name at 60 characters with an ellipsis, never splitting a character", () => {
    expect(headerName("x".repeat(500))).toBe(`${"x".repeat(59)}…`);
    const emoji = headerName("😀".repeat(100));
    expect(Array.from(emoji)).toHaveLength(60);
    expect(emoji).toBe(`${"😀".repeat(59)}…`);
    expect(headerName("Short Name")).toBe("Short Name");
  });

  it("keeps a subject on one line and at most 180 characters", () => {
    expect(subjectLine("How is Rosa\r\nBcc: x doing?")).toBe("How is Rosa Bcc: x doing?");
    expect(Array.from(subjectLine("y".repeat(400)))).toHaveLength(180);
  });
});

describe("a From or Reply-To display name", () => {
  it("stays as it is when it is only atoms and spaces", () => {
    expect(mailbox("Acme Sales", "feedback@acme.example")).toBe("Acme Sales <feedback@acme.example>");
  });

  it("is a quoted-string when it has specials, with quotes and backslashes escaped", () => {
    expect(mailbox("Rapport Demo Co.", "f@x.example")).toBe('"Rapport Demo Co." <f@x.example>');
    expect(displayName('Smith, "Jones" & Co\\')).toBe('"Smith, \\"Jones\\" & Co\\\\"');
    expect(displayName("A <b@evil.example>")).toBe('"A <b@evil.example>"');
  });

  it("is RFC 2047 encoded-words of at most 75 characters each when it is not ASCII", () => {
    const name = "Zoë Łukasik – Ventas Ibéricas 山田商事株式会社 😀";
    const shown = displayName(name);
    expect(shown).toMatch(/^[\x21-\x7E ]+$/);
    for (const word of shown.split(" ")) {
      expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(word.length).toBeLessThanOrEqual(75);
    }
    expect(shown.split(" ").length).toBeGreaterThan(1);
    expect(decode(shown)).toBe(name);
  });

  it("carries no control character and no second address, however the name is made", () => {
    const from = mailbox("Evil\r\nBcc: spy@evil.example\u0000 \u202E", "f@x.example");
    expect(from).toBe('"Evil Bcc: spy@evil.example" <f@x.example>');
    expect(mailbox("\u0000\r\n", "f@x.example")).toBe("f@x.example");
  });
});

describe("a header value SES takes as it is", () => {
  it("drops control characters and refuses what is not printable ASCII or too long", () => {
    expect(headerValue("List-Unsubscribe", "<https://x.example/u/abc>\r\n")).toBe("<https://x.example/u/abc>");
    expect(() => headerValue("List-Unsubscribe", "<https://x.example/ü>")).toThrow(/List-Unsubscribe/);
    expect(() => headerValue("List-Unsubscribe", `<https://x.example/${"a".repeat(900)}>`)).toThrow(/870/);
    expect(() => headerValue("List-Unsubscribe", "\r\n")).toThrow();
  });
});
