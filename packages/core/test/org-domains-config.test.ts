import { describe, expect, it } from "vitest";
import { configIn } from "../../../test/support/config-process.ts";

/** `config().orgDomains` as a fresh process with `env` reads it from its environment (or the message that stops the start). */
const orgDomains = (env: Record<string, string>) => configIn("orgDomains", env, ["RAPPORT_ORG_DOMAINS", "RAPPORT_FROM_ADDRESS"]);

describe("RAPPORT_ORG_DOMAINS", () => {
  it("defaults to the sender address's domain, and takes a comma-separated list, lower-cased, a leading @ allowed", () => {
    expect(orgDomains({})).toBe('["rapport.localhost"]');
    expect(orgDomains({ RAPPORT_FROM_ADDRESS: "feedback@Acme.example" })).toBe('["acme.example"]');
    expect(orgDomains({ RAPPORT_FROM_ADDRESS: "feedback@mail.acme.example", RAPPORT_ORG_DOMAINS: " acme.example, @Acme-Holdings.example " })).toBe('["acme.example","acme-holdings.example"]');
  });

  it("stops the start on anything that is not a domain, naming the variable", () => {
    expect(orgDomains({ RAPPORT_ORG_DOMAINS: "acme.example, not a domain" })).toBe('RAPPORT_ORG_DOMAINS must be domains separated by commas (example.com,example.co.uk), not "acme.example, not a domain".');
    expect(orgDomains({ RAPPORT_ORG_DOMAINS: "," })).toMatch(/^RAPPORT_ORG_DOMAINS must be domains/);
  });
});
