import { describe, expect, it } from "vitest";
import { evaluate, ruleCodes, type FlagContext } from "@rapport/core/flag/rules";

// The bias rules are pure: each case is a hand-picked comment or address and what the rule should say of it.
const context = (overrides: Partial<FlagContext> & { improve?: string; aboutMe?: string } = {}): FlagContext => {
  const { improve, aboutMe, ...rest } = overrides;
  return {
    response: { ...(improve ? { improve } : {}), ...(aboutMe ? { aboutMe } : {}) },
    customer: { email: "sam.lee@northwind.example" },
    rep: { email: "dana.ortiz@acme.example", name: "Dana Ortiz" },
    orgDomains: ["acme.example"],
    ...rest,
  };
};
const fired = (c: FlagContext) => evaluate(c).map((f) => f.rule);
const reasonOf = (c: FlagContext, rule: string) => evaluate(c).find((f) => f.rule === rule)?.reason;

describe("the bias rules", () => {
  it("are one registry: every code once, self_domain and solicited first", () => {
    expect(ruleCodes.slice(0, 2)).toEqual(["self_domain", "solicited"]);
    expect(new Set(ruleCodes).size).toBe(ruleCodes.length);
  });

  it("raise nothing for an outside customer's plain comment", () => {
    expect(evaluate(context({ improve: "Call me back when you say you will." }))).toEqual([]);
  });
});

describe("self_domain", () => {
  it("fires when the customer answered from the organization's domain or a subdomain of it", () => {
    expect(reasonOf(context({ customer: { email: "Pat@ACME.example" } }), "self_domain")).toBe("The customer's email domain (acme.example) is the organization's.");
    expect(fired(context({ customer: { email: "pat@eu.acme.example" } }))).toEqual(["self_domain"]);
    expect(fired(context({ customer: { email: "pat@acme-holdings.example" }, orgDomains: ["acme.example", "acme-holdings.example"] }))).toEqual(["self_domain"]);
  });

  it("fires when the customer shares the rep's own domain, unless that is a mailbox anyone can have", () => {
    const rep = { email: "dana@dana-consulting.example", name: "Dana Ortiz" };
    expect(reasonOf(context({ rep, customer: { email: "friend@dana-consulting.example" } }), "self_domain")).toBe("The customer's email domain (dana-consulting.example) is the rep's own.");
    expect(fired(context({ rep: { email: "dana.ortiz@gmail.com" }, customer: { email: "sam.lee@gmail.com" } }))).toEqual([]);
  });

  it("does not fire for a look-alike domain, or a parent of the organization's", () => {
    expect(fired(context({ customer: { email: "pat@notacme.example" } }))).toEqual([]);
    expect(fired(context({ customer: { email: "pat@acme.example.org" } }))).toEqual([]);
    expect(fired(context({ customer: { email: "pat@example" }, orgDomains: ["mail.example"] }))).toEqual([]);
  });
});

describe("solicited", () => {
  const fires = [
    "Dana told me her bonus depends on this survey.",
    "He mentioned his commission is tied to these scores",
    "I know she is on commission, so I was kind.",
    "Dana's bonus is at stake this quarter",
    "She said her pay rides on it, so please be kind.",
    "Honestly she gets paid based on these reviews, which feels off.",
    "She asked me to give 5 on everything.",
    "Dana asked me to rate her 5 stars.",
    "She asked us to give her a good rating.",
    "She told me to give her top marks.",
    "She told me to give feedback today.",
    "Dana begged me for a 5-star review",
    "She asked for a good review at the end of the call",
    "She needs good scores this quarter",
    "She said I should give her a 5.",
    "A good rating would really help her.",
    "Asked me to fill in the survey with fives",
    "She ASKED me to “give 5” — odd.",
  ];
  const quiet = [
    "The payment terms were unclear and the invoice was paid late.",
    "We paid on time but the delivery was late.",
    "Great bonus feature in the new release.",
    "The printer was out of commission for a week.",
    "I would give her a 5 any day.",
    "She asked me to rate the onboarding honestly.",
    "She asked me about our pay-as-you-go plan.",
    "Their salary benchmarking report was useful.",
    "She never asked me to give her a good rating.",
    "Dana did not ask me to give her a 5, I just think she is great.",
    "She asked me to fill in 5 questions about the rollout.",
    "She asked me to give feedback on the great onboarding.",
    "Bonus features depend on the plan we pay for.",
    "They pay depending on usage.",
    "Your incentives are great and the quota depends on the license.",
    "Compensation for the outage was fair.",
    "The invoice is paid on time per the survey.",
    "She asked me to fill in all the questions.",
    "Their raise request form is broken.",
  ];

  it.each(fires)("fires on %j", (improve) => {
    expect(fired(context({ improve }))).toEqual(["solicited"]);
  });

  it.each(quiet)("does not fire on %j", (improve) => {
    expect(fired(context({ improve }))).toEqual([]);
  });

  it("reads both comments and says what it found and where, never a word the customer wrote", () => {
    const c = context({ improve: "Great follow-up. She asked me to give 5 on everything, which felt odd.", aboutMe: "I run the Leeds office; Dana's bonus depends on this, she said." });
    expect(reasonOf(c, "solicited")).toBe(
      "A comment mentions being asked for a good rating (in what the rep could do better); the rep's bonus or commission (in what the customer would like the rep to know).",
    );
  });

  it("knows the rep by name only for their own card", () => {
    expect(fired(context({ improve: "Jordan's bonus depends on this." }))).toEqual(["solicited"]);
    expect(fired(context({ improve: "Jordan's quota." }))).toEqual([]);
    expect(fired(context({ improve: "Dana's quota." }))).toEqual(["solicited"]);
  });
});
