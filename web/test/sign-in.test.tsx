import { describe, expect, it } from "vitest";
import { renderSignInConfirmPage, renderSignInPage } from "../src/pages/sign-in.tsx";
import { confirm, signIn } from "./dashboard-fixtures.ts";
import { expectWellFormedPage, tags, textOf } from "./html.ts";

describe("sign-in pages", () => {
  it("asks for an email and posts it with the CSRF value", () => {
    const html = renderSignInPage(signIn);
    expectWellFormedPage(html);
    expect(tags(html, "form")[0]).toMatchObject({ method: "post", action: "/auth/login" });
    expect(tags(html, "input").find((a) => a.type === "hidden")).toMatchObject({ name: "csrf", value: "csrf-in-1" });
    expect(tags(html, "input").find((a) => a.id === "email")).toMatchObject({ type: "email", name: "email", autocomplete: "email" });
    expect(html).toMatch(/<button type="submit" class="btn">Email me a sign-in link<\/button>/);
    expect(textOf(html)).not.toContain("a sign-in link is on its way");
  });

  it("says the same thing after sending, whether or not the address is known", () => {
    const html = renderSignInPage({ ...signIn, sent: true, email: "ana@northwind.example" });
    expectWellFormedPage(html);
    expect(textOf(html)).toContain("If ana@northwind.example belongs to a Rapport account, a sign-in link is on its way. It works once, for 15 minutes.");
    expect(html).toContain('role="status"');
    const unknown = renderSignInPage({ ...signIn, sent: true, email: "nobody@else.example" });
    expect(unknown.replaceAll("nobody@else.example", "ana@northwind.example")).toBe(html);
  });

  it("shows an error beside the field", () => {
    const html = renderSignInPage({ ...signIn, email: "ana@", error: "Enter an email address such as name@company.com." });
    expectWellFormedPage(html);
    expect(textOf(html)).toContain("Error: Enter an email address such as name@company.com.");
    expect(tags(html, "input").find((a) => a.id === "email")).toMatchObject({ value: "ana@", "aria-invalid": "true", "aria-describedby": "email-error" });
    expect(html).toMatch(/<title>Error: /);
  });

  it("signs in only from the confirm page's button, posting the token and the CSRF value", () => {
    const html = renderSignInConfirmPage(confirm);
    expectWellFormedPage(html);
    expect(tags(html, "form")[0]).toMatchObject({ method: "post", action: "/auth/callback" });
    const hidden = tags(html, "input").filter((a) => a.type === "hidden");
    expect(hidden.map((a) => `${a.name}=${a.value}`).sort()).toEqual(["csrf=csrf-cb-1", "token=tok_9f8e7d6c5b4a"]);
    expect(html.match(/<button\b/g)).toHaveLength(1);
    expect(html).toMatch(/<button type="submit" class="btn big">Sign in to Rapport<\/button>/);
    expect(textOf(html)).toContain("Email security scanners open the links in your email before you do");
  });
});
