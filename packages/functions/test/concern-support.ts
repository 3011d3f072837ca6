/** What the concern tests share: the app, a customer of a team with their concern link, and the customer's ways of sending the form. */
import { expect } from "vitest";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Concern } from "@rapport/core/concern/index";
import { db, tableName } from "@rapport/core/db/index";
import { FollowUp } from "@rapport/core/followup/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, answerForm, email } from "../../../test/support/fixtures.ts";

export const app = createApp();
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const form = { "content-type": "application/x-www-form-urlencoded" };

export const linkOf = (customerId: string) => `/c/${Concern.token(customerId)}`;
/** The customer a concern link (a path or a full URL) opens. */
export const customerLinked = (link: string) => Concern.customerOf(link.slice(link.indexOf("/c/") + 3));
/** The customers the concern links of a page open. */
export const concernLinksOf = (html: string) => [...html.matchAll(/href="(\/c\/[^"]+)"/g)].map((m) => customerLinked(m[1]!));
const hidden = (html: string, name: string) => html.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];

/**
 * The customer opens their concern link: answers the form's body as a browser sends it, with the page's
 * hidden values and what the page had pre-filled unless `fields` changes it.
 */
export async function openForm(link: string, fields: Record<string, string>): Promise<string> {
  const page = await app.request(link);
  expect(page.status, link).toBe(200);
  const html = await page.text();
  const prefilled = {
    channel: html.match(/name="channel" value="([^"]+)" checked/)?.[1] ?? "",
    contact: html.match(/id="contact" name="contact"[^>]*value="([^"]*)"/)?.[1] ?? "",
  };
  const submission = hidden(html, "submission");
  return new URLSearchParams({ csrf: hidden(html, "csrf")!, ...(submission ? { submission } : {}), ...prefilled, ...fields }).toString();
}

/** Posts a form body as the browser does. */
export const post = async (link: string, body: string) => app.request(link, { method: "POST", headers: form, body });
/** The customer opens their concern link and sends the form. */
export const raise = async (link: string, fields: Record<string, string>) => post(link, await openForm(link, fields));
export const raiseJson = async (link: string, body: unknown) => app.request(link, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
export const casesOf = async (repId: string) => (await FollowUp.list({ repIds: [repId], kind: "recovery" })).filter((f) => f.source === "concern");

/** Every item of the table, by key (the rate-limit counters too). */
export async function tableItems(): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true, ExclusiveStartKey }));
    for (const item of page.Items ?? []) items.set(`${item.pk} ${item.sk}`, JSON.stringify(item));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** A rep with a manager (or none, with `manager: false`), and their tier-A customer who told us how to reach them (or not, with `onboarding` null). */
export async function aCustomerOfATeam(
  onboarding: Record<string, unknown> | null = { channel: "phone", contact: "+1 212 555 0111", timezone: "America/New_York", cadence: "weekly", responseTime: "24h", personalInterests: "Sails on weekends" },
  { manager: hasManager = true } = {},
) {
  const manager = hasManager ? email("manager") : "";
  const rep = await aRep({ name: "Amy Santiago", ...(hasManager ? { managerEmail: manager } : {}) });
  const customer = await aCustomer(rep.id, { name: "Charles Boyle", company: "Boyle Foods", valueTier: "A" });
  if (onboarding) await answerForm((path, init) => app.request(path, init), customer.id, "onboarding", onboarding);
  return { manager, rep, customer, link: linkOf(customer.id) };
}
