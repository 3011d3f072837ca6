import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** `config().orgDomains` as a fresh process with `env` reads it from its environment (or the message that stops the start). */
function orgDomains(env: Record<string, string>): string {
  const { RAPPORT_ORG_DOMAINS: _domains, RAPPORT_FROM_ADDRESS: _from, ...rest } = process.env;
  const script = `const { config } = await import("@rapport/core/config"); try { process.stdout.write(JSON.stringify(config().orgDomains)); } catch (error) { process.stdout.write(error.message); }`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: import.meta.dirname,
    env: { ...rest, RAPPORT_TOKEN_SECRET: "test-secret", ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

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
