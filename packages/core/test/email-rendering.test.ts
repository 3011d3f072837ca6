import { describe, expect, it } from "vitest";
import { doIUseEmail } from "doiuse-email";
import { Clock } from "@rapport/core/clock/index";
import { Email } from "@rapport/core/email/index";
import { Invitation } from "@rapport/core/invitation/index";
import { renderInvitationEmail } from "@rapport/core/email/templates/invitation";
import { renderRecoveryEmail } from "@rapport/core/email/templates/follow-up";
import { renderVerdictEmail } from "@rapport/core/email/templates/verdict";
import { caseSummary, emails, invitationBase, longName, recovery } from "../../../test/support/emails.ts";
import { aCustomer, aRep, email as anAddress } from "../../../test/support/fixtures.ts";
import { header, inbox, onlyEmail, type StoredEmail } from "../../../test/support/inbox.ts";

// Every email the product sends, rendered with realistic data (a very long name, names in several scripts)
// and checked the way a mail client would meet it: what `doiuse-email` (the caniemail.com data) reports as
// unsupported by Outlook for Windows, Gmail and Apple Mail, and the parts an inbox shows or needs.

/** Each client and the caniemail entries that stand for it (Gmail: web, phone web, iOS and Android apps). */
const clients = { "Outlook (Windows)": ["outlook.windows"], Gmail: ["gmail.*"], "Apple Mail": ["apple-mail.*"] } as const;

/** What doiuse-email reports as unsupported by each client: every error, deduplicated. */
function compatibilityErrors(html: string): Record<keyof typeof clients, string[]> {
  const out = {} as Record<keyof typeof clients, string[]>;
  for (const [name, globs] of Object.entries(clients) as [keyof typeof clients, readonly string[]][]) {
    const result = doIUseEmail(html, { emailClients: [...globs] });
    out[name] = result.success ? [] : [...new Set(result.errors)];
  }
  return out;
}

const attribute = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** The hidden preview line: the first element in <body>, text in the page's own colour at 1 px, kept out of Outlook. */
function preheaderOf(html: string): { text: string; style: string } | undefined {
  const body = html.slice(html.indexOf("<body"));
  const first = body.match(/<div\b([^>]*)>([^<]*)<\/div>/);
  if (!first || body.slice(0, first.index).replace(/<[^>]+>/g, "").trim() !== "") return undefined;
  const style = attribute(first[1]!, "style") ?? "";
  return { text: first[2]!.replace(/[\u200c\u00a0\s]+/g, " ").trim(), style };
}

/** The checks every email passes, on what was rendered or on what the SES emulator received. */
function expectReadyForInboxes(name: string, html: string, text: string | undefined) {
  expect(compatibilityErrors(html), name).toEqual({ "Outlook (Windows)": [], Gmail: [], "Apple Mail": [] });
  expect(html, name).toMatch(/^<!doctype html><html lang="en"[\s>]/i);
  expect(html, name).toContain('<meta name="color-scheme" content="light dark"/>');
  expect(html, name).toContain('<meta name="supported-color-schemes" content="light dark"/>');
  expect(html, name).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
  const preheader = preheaderOf(html);
  expect(preheader?.text.length ?? 0, `${name}: a preheader`).toBeGreaterThanOrEqual(20);
  const background = preheader!.style.match(/(?:^|;)color:(#[0-9a-f]{6})/)?.[1];
  expect(preheader!.style, name).toMatch(/font-size:1px/);
  expect(preheader!.style, name).toContain("mso-hide:all");
  expect(html, `${name}: the preheader sits on its own colour`).toContain(`bgcolor="${background}"`);
  // Dark mode: any cell that sets a text colour sets its background too, so a client that darkens one darkens the pair.
  for (const cell of html.match(/<td\b[^>]*>/g) ?? []) {
    const style = attribute(cell, "style") ?? "";
    if (/(?:^|;)color:/.test(style)) expect(style, `${name}: ${cell}`).toContain("background-color:");
  }
  expect(html, `${name}: no rounded corners Outlook drops, no <style> Gmail drops`).not.toMatch(/border-radius|<style/);
  expect(text?.trim().length ?? 0, `${name}: a plain-text part`).toBeGreaterThan(40);
  expect(text, name).not.toMatch(/<\/?[a-z][^>]*>/i);
  expect(text, `${name}: the plain text carries the links`).toMatch(/https?:\/\/\S+/);
}

describe("the emails, as Outlook for Windows, Gmail and Apple Mail meet them", () => {
  it.each(Object.entries(emails))("%s: no unsupported HTML or CSS, a preheader, lang, dark-mode metas and a plain-text part", (name, rendered) => {
    expectReadyForInboxes(name, rendered.html, rendered.text);
  });

  it("keeps a configured light brand colour readable: dark text on it, and ink for the rating squares", () => {
    const { html } = renderInvitationEmail({ ...invitationBase, brandColor: "#FFD400", kind: "report-card", reminder: false });
    expect(html).toContain("background-color:#ffd400;color:#1b1f24");
    expect(html).toMatch(/border:2px solid #1b1f24/);
    expect(html).not.toMatch(/#ffd400;color:#ffffff/);
  });

  it("names nobody in the preview line of an anonymous case, even when the case's data still carries the customer", () => {
    const leaky = { ...caseSummary, anonymous: true } as unknown as Parameters<typeof renderRecoveryEmail>[0]["caseSummary"];
    const { html } = renderRecoveryEmail({ ...recovery, reason: "opened", reader: "manager", caseSummary: leaky });
    const anonymous = preheaderOf(html)!.text;
    expect(anonymous).toMatch(/no contact allowed/);
    expect(anonymous).not.toContain(caseSummary.customerName!);
    expect(anonymous).not.toContain(caseSummary.company!);
  });
});

describe("what a follow-up email calls the case", () => {
  it("lists a concern in the digest as a concern, and tells the rep a check-in's poor answer in its own words", () => {
    expect(emails.digest!.text).toContain("Concern: Jordan Ellis, due");
    expect(emails.digest!.text).toContain("OVERDUE Service recovery: 渡辺 さくら");
    const rep = renderRecoveryEmail({ ...recovery, reason: "opened", reader: "rep", caseSummary: { ...caseSummary, source: "check-in" } });
    expect(rep.subject).toBe(`Check-in: ${caseSummary.customerName} says things are not right yet`);
    expect(rep.text).toContain(`At the check-in after their recovery, ${caseSummary.customerName} told us things are still not right.`);
    expect(rep.text).not.toContain("rated you poorly");
  });
});

describe("why a person hears from us", () => {
  it("tells a lost deal's contact, who is no customer, that they recently talked with us", () => {
    const question = { orgName: "Northwind", brandColor: "#1d4ed8", customerName: "Robin", repName: "Ana Lopez", answerUrl: "https://x.example/r/t", unsubscribeUrl: "https://x.example/u/t", profileUrl: "https://x.example/p/t", concernUrl: "https://x.example/c/t", answerBy: "Thu 10 Dec 2026, 09:00 (UTC)" };
    expect(renderVerdictEmail({ ...question, kind: "verdict", prospect: true }).html).toContain("You received this because you recently talked with Northwind.");
    expect(renderVerdictEmail({ ...question, kind: "verdict" }).html).toContain("You received this because you are a customer of Northwind.");
  });
});

describe("the emails the SES emulator received", () => {
  /** The RFC 8058 headers: one HTTPS-or-test-host link, no mailto address (nothing receives mail sent to one), and the one-click POST. */
  function expectOneClickOnly(received: StoredEmail) {
    const unsubscribe = header(received, "List-Unsubscribe");
    expect(unsubscribe).toMatch(/^<http:\/\/rapport\.test\/u\/[\w-]+>$/);
    expect(unsubscribe).not.toMatch(/mailto:/i);
    expect(header(received, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  }

  it("sends the invitation alone, in a batch and as a reminder with the same checks passing and a one-click unsubscribe without mailto", async () => {
    const at = new Date("2026-11-30T09:00:00Z");
    const rep = await aRep({ name: longName });
    const [alone, first, second] = await Clock.at(at, () =>
      Promise.all(
        ["Zoë Martin-Lefèvre", "渡辺 さくら", `${longName} Nguyễn`].map(async (name) => {
          const customer = await aCustomer(rep.id, { name });
          const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, { kind: "cli", id: "test" });
          if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
          return { customer, invitation: created.invitation };
        }),
      ),
    );
    await Clock.at(at, () => Invitation.deliver([alone!.invitation]));
    await Clock.at(at, () => Invitation.deliver([first!.invitation, second!.invitation]));
    for (const { customer } of [alone!, first!, second!]) {
      const received = await onlyEmail(customer.email);
      expectReadyForInboxes(`invitation to ${customer.name}`, received.body.html ?? "", received.body.text);
      expect(preheaderOf(received.body.html ?? "")!.text).toBe(`Under a minute to tell us how ${longName} is doing for you.`);
      expectOneClickOnly(received);
    }
    await Clock.at(new Date(at.getTime() + 3 * 86_400_000), () => Invitation.deliver([alone!.invitation], { reminder: true }));
    const received = (await inbox(alone!.customer.email)).at(-1)!;
    expect(received.subject).toBe(`Reminder: How is ${longName} doing for you?`);
    expect(preheaderOf(received.body.html ?? "")!.text).toBe(`A quick reminder: under a minute to tell us how ${longName} is doing for you.`);
    expectReadyForInboxes("reminder", received.body.html ?? "", received.body.text);
    expectOneClickOnly(received);
  });

  it.each(Object.entries(emails).filter(([name]) => !/invitation|reminder/.test(name)))("%s arrives with the same checks passing", async (name, rendered) => {
    const to = anAddress("reader");
    await Email.send({ to, ...rendered });
    const received = await onlyEmail(to);
    expect(received.subject).toBe(rendered.subject);
    expectReadyForInboxes(name, received.body.html ?? "", received.body.text);
  });
});
