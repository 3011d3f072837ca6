import { describe, expect, it } from "vitest";
import { renderMessagePage, renderReceivedPage, renderThankYouPage } from "../src/pages/messages.tsx";
import { renderUnsubscribePage } from "../src/pages/unsubscribe.tsx";
import { brand } from "./customer-fixtures.ts";
import { expectWellFormedPage, tags } from "./html.ts";

describe("after the form", () => {
  const base = { ...brand, repName: "Ana", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z", timezone: "Europe/Berlin", editUrl: "/s/tok123" };

  it("thanks a report-card customer and says in one sentence who will contact them, or that nobody will", () => {
    const html = renderThankYouPage({ ...base, kind: "report-card", outcome: "recorded", next: { contactOk: false, shareName: false } });
    expectWellFormedPage(html);
    expect(html).toContain("Nobody will contact you about these answers; Ana sees them without your name.");
    const poorAnonymous = renderThankYouPage({ ...base, kind: "report-card", outcome: "recorded", next: { contactOk: false, shareName: false, recoveryDueAt: "2026-11-23T15:05:00.000Z" } });
    expect(poorAnonymous).toContain("Nobody will contact you about these answers, as you asked; Ana&#39;s manager sees them without your name");
    const poorContact = renderThankYouPage({ ...base, kind: "report-card", outcome: "recorded", next: { contactOk: true, shareName: true, recoveryDueAt: "2026-11-23T15:05:00.000Z" } });
    expect(poorContact).toContain("Ana or their manager will contact you by Mon 23 Nov 2026, 16:05 (Europe/Berlin) to put it right.");
    expect(html).toContain("You can change your answers until Sun 29 Nov 2026, 15:05 (Europe/Berlin).");
    expect(html).toContain('href="/s/tok123"');
  });

  it("tells an onboarding customer the rep will contact them the way they asked", () => {
    const html = renderThankYouPage({ ...base, kind: "onboarding", outcome: "revised" });
    expectWellFormedPage(html);
    expect(html).toContain("Ana will contact you the way you asked.");
    expect(html).toContain("Your answers are updated");
  });

  it("reassures a customer who sent the same answers twice", () => {
    const html = renderThankYouPage({ ...base, kind: "report-card", outcome: "unchanged" });
    expect(html).toContain("nothing was counted twice");
  });

  it("shows what was received as a definition list", () => {
    const html = renderReceivedPage({
      ...brand,
      kind: "report-card",
      repName: "Ana",
      answeredAt: "2026-11-22T14:05:00Z",
      timezone: "Asia/Tokyo",
      summary: [
        { question: "Ana listens and understands what matters to me", answer: "4 – Often" },
        { question: "What could Ana do better?", answer: "<script>x</script>" },
      ],
    });
    expectWellFormedPage(html);
    expect(html).toContain("We received your answers on Sun 22 Nov 2026, 23:05 (Asia/Tokyo)");
    expect(html).toContain("<dt>Ana listens and understands what matters to me</dt><dd>4 – Often</dd>");
    expect(html).toContain("<dd>&lt;script&gt;x&lt;/script&gt;</dd>");
  });

  it("explains an expired link with a next step and no technical detail", () => {
    const html = renderMessagePage({ ...brand, status: 410, title: "This link has expired", message: "Links work for 30 days." });
    expectWellFormedPage(html);
    expect(html).toContain("<h1>This link has expired</h1>");
    expect(html).toContain("send you a new link");
    expect(html).not.toContain("410");
  });

  it("offers one unsubscribe button that posts, then a confirmation", () => {
    const page = renderUnsubscribePage({ ...brand, action: "/u/tok789", csrf: "c1", maskedEmail: "s***@example.com", done: false });
    expectWellFormedPage(page);
    expect(tags(page, "form")[0]).toMatchObject({ method: "post", action: "/u/tok789" });
    expect(page.match(/<button\b/g)).toHaveLength(1);
    expect(page).toContain("s***@example.com");
    const done = renderUnsubscribePage({ ...brand, action: "/u/tok789", csrf: "c1", maskedEmail: "s***@example.com", done: true });
    expectWellFormedPage(done);
    expect(done).toContain("You are unsubscribed");
    expect(done).not.toMatch(/<form\b/);
  });
});
