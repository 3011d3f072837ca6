/**
 * The bias rules: what marks a counted card (a report card, or a lost-deal card the plan counted) for finance
 * to look at before close (product.md, "Compensation plan", bias flags). Each rule is a pure function of the response, its customer and its rep; a new rule is
 * one more entry in `rules`, and every list, schema and route takes its codes from there.
 */
import { mentions, type Topic } from "./solicited.ts";

/** What a rule may look at: the card's comments, who answered it, whose card it is, the organization's domains. */
export interface FlagContext {
  response: { improve?: string; aboutMe?: string; /** A lost-deal card's "What would have made you choose us?" */ chooseUs?: string };
  customer: { email: string };
  rep: { email?: string; name?: string };
  orgDomains: readonly string[];
}

export interface FlagRule {
  /** Stable and machine-readable; published in the flag's `rule`. */
  code: string;
  /** What the rule catches, for people. */
  description: string;
  /** Why this response is flagged (no customer identity in it), or undefined when the rule does not fire. */
  check: (context: FlagContext) => string | undefined;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).trim().toLowerCase();
/** The domain itself or one of its subdomains (`eu.acme.com` is within `acme.com`). */
const within = (domain: string, of: string) => domain === of || domain.endsWith(`.${of}`);

/**
 * Mailbox providers anyone can use: a rep and a customer both on gmail.com are not the same organization,
 * so the rep's own domain counts only when it is not one of these.
 */
const SHARED_MAILBOXES = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com",
  "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net", "gmx.de",
  "web.de", "mail.com", "yandex.com", "yandex.ru", "zoho.com", "fastmail.com", "hey.com", "qq.com", "163.com",
]);

const selfDomain: FlagRule = {
  code: "self_domain",
  description: "The customer answered from the organization's own email domain or from the rep's.",
  check: ({ customer, rep, orgDomains }) => {
    const domain = domainOf(customer.email);
    if (!domain) return undefined;
    if (orgDomains.some((org) => within(domain, org))) return `The customer's email domain (${domain}) is the organization's.`;
    const repDomain = rep.email ? domainOf(rep.email) : "";
    if (repDomain && !SHARED_MAILBOXES.has(repDomain) && within(domain, repDomain)) return `The customer's email domain (${domain}) is the rep's own.`;
    return undefined;
  },
};

const topics: Record<Topic, string> = { bonus: "the rep's bonus or commission", pay: "the rep's pay", rating: "being asked for a good rating" };
const fields = {
  improve: "what the rep could do better",
  aboutMe: "what the customer would like the rep to know",
  chooseUs: "what would have made the customer choose us",
} as const;

const solicited: FlagRule = {
  code: "solicited",
  description: "A comment mentions the rep's bonus, commission or pay, or being asked for a good rating.",
  check: ({ response, rep }) => {
    const found = (Object.keys(fields) as (keyof typeof fields)[]).flatMap((field) =>
      // The topic and the field only, never the customer's words: a manager reads these reasons, and a quoted
      // "about me" could be matched against the customer's profile, naming an anonymous card.
      mentions(response[field] ?? "", rep.name).map((m) => `${topics[m.topic]} (in ${fields[field]})`),
    );
    return found.length ? `A comment mentions ${[...new Set(found)].join("; ")}.` : undefined;
  },
};

/** Every rule, in the order flags are raised. */
export const rules: readonly FlagRule[] = [selfDomain, solicited];

/** The codes of every rule. */
export const ruleCodes = rules.map((rule) => rule.code);

/** What each rule that fires says about this response. */
export function evaluate(context: FlagContext): { rule: string; reason: string }[] {
  return rules.flatMap((rule) => {
    const reason = rule.check(context);
    return reason ? [{ rule: rule.code, reason }] : [];
  });
}
