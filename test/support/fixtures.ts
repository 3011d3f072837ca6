import { ApiKey, type Scope } from "@rapport/core/api-key/index";
import { Rep } from "@rapport/core/rep/index";
import { Customer } from "@rapport/core/customer/index";

const cli = { kind: "cli", id: "test" } as const;
let counter = 0;

/** A fresh API key with the given scopes; answers the Authorization header value. */
export async function bearer(...scopes: Scope[]): Promise<string> {
  const { key } = await ApiKey.create({ name: `test ${scopes.join("+")}`, scopes }, cli);
  return `Bearer ${key}`;
}

/** A unique email for this test run (reps and managers at example.com). */
export function email(tag = "person", domain = "example.com"): string {
  counter += 1;
  return `${tag}.${Date.now().toString(36)}${counter}@${domain}`;
}

/** Where test customers' emails are: not their reps' domain, so a card is flagged `self_domain` only where a test means it. */
const CUSTOMER_DOMAIN = "customers.example";

export async function aRep(overrides: Partial<Parameters<typeof Rep.create>[0]> = {}) {
  return Rep.create({ name: `Rep ${++counter}`, email: email("rep"), team: "East", ...overrides }, cli);
}

export async function aCustomer(repId: string, overrides: Partial<Parameters<typeof Customer.create>[0]> = {}) {
  return Customer.create({ name: `Customer ${++counter}`, email: email("customer", CUSTOMER_DOMAIN), repId, ...overrides }, cli);
}

/** Signs `address` in through a real magic link read from the SES emulator; answers the Cookie header value. */
export async function sessionCookie(address: string): Promise<string> {
  const { Auth } = await import("@rapport/core/auth/index");
  const { inbox } = await import("./inbox.ts");
  await Auth.requestLink({ email: address });
  const emails = await inbox(address);
  const link = emails.at(-1)?.body.text?.match(/\/auth\/callback\?token=([A-Za-z0-9_-]+)/);
  if (!link) throw new Error(`no sign-in email for ${address}`);
  const signedIn = await Auth.signIn(link[1]!);
  if (!signedIn) throw new Error("the sign-in link did not work");
  return `rapport_session=${signedIn.session}`;
}

/** A report card's answers for the money and dashboard tests: listening and follow_up rated, the other behaviours "na". */
export interface CardAnswers {
  listening: number;
  followUp: number;
  customer?: string;
  improve?: string;
  shareName?: boolean;
}

/**
 * Invites a new customer of `repId` and posts their report card as the customer's JSON, through `post`
 * (`app.request` in route tests, `fetch` against a served app in browser tests). Answers the invitation id.
 */
export async function answerCard(post: (path: string, init: RequestInit) => Response | Promise<Response>, repId: string, answers: CardAnswers): Promise<string> {
  const { Invitation } = await import("@rapport/core/invitation/index");
  const customer = await aCustomer(repId, answers.customer ? { name: answers.customer } : {});
  const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli);
  if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
  const res = await post(`/s/${Invitation.tokenOf(created.invitation.id)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      ratings: { listening: answers.listening, follow_up: answers.followUp, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" },
      ...(answers.improve ? { improve: answers.improve } : {}),
      ...(answers.shareName !== undefined ? { shareName: answers.shareName } : {}),
    }),
  });
  if (res.status !== 200) throw new Error(`the report card was answered with ${res.status}: ${await res.text()}`);
  return created.invitation.id;
}

/**
 * Invites `customerId` to a form and posts `body` as the customer's JSON through `post` (`app.request` in
 * route tests); fails unless it is recorded. Answers the invitation.
 */
export async function answerForm(post: (path: string, init: RequestInit) => Response | Promise<Response>, customerId: string, kind: "report-card" | "onboarding", body: unknown) {
  const { Invitation } = await import("@rapport/core/invitation/index");
  const created = await Invitation.create({ customerId, kind }, cli);
  if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
  const res = await post(`/s/${Invitation.tokenOf(created.invitation.id)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`the ${kind} was answered with ${res.status}: ${await res.text()}`);
  return created.invitation;
}
