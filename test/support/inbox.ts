import { inject } from "vitest";

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/** Every email the SES emulator holds for `to` (the tests share one emulator; addresses are unique per test). */
export async function inbox(to: string): Promise<StoredEmail[]> {
  const { sesEndpoint } = inject("engines");
  const store = (await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((e) => e.destination.to.some((address) => address.toLowerCase().includes(to.toLowerCase())));
}

/** How many emails the SES emulator holds for each of `addresses` (one read of the store). */
export async function countsByRecipient(addresses: string[]): Promise<Map<string, number>> {
  const { sesEndpoint } = inject("engines");
  const store = (await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: StoredEmail[] };
  const counts = new Map(addresses.map((a) => [a.toLowerCase(), 0]));
  for (const email of store.emails) {
    for (const to of email.destination.to) {
      const address = (to.match(/<([^>]+)>/)?.[1] ?? to).toLowerCase();
      if (counts.has(address)) counts.set(address, counts.get(address)! + 1);
    }
  }
  return counts;
}

/** The one email to `to`, failing loudly when there is none or several. */
export async function onlyEmail(to: string): Promise<StoredEmail> {
  const emails = await inbox(to);
  if (emails.length !== 1) throw new Error(`expected exactly one email to ${to}, found ${emails.length}`);
  return emails[0]!;
}

/** The survey link (path and query) in an email's plain-text part. */
export function surveyLink(email: StoredEmail, score?: number): string {
  const text = email.body.text ?? "";
  const match = text.match(/https?:\/\/[^\s]+\/s\/([A-Za-z0-9_-]+)(\?score=\d)?/g) ?? [];
  const links = match.map((m) => new URL(m));
  const wanted = score ? links.find((u) => u.searchParams.get("score") === String(score)) : links.find((u) => !u.search);
  if (!wanted) throw new Error(`no survey link${score ? ` with score ${score}` : ""} in: ${text}`);
  return wanted.pathname + wanted.search;
}

export const header = (email: StoredEmail, name: string) => email.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
