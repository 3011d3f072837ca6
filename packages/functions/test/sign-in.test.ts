import { describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { createApp } from "../src/api/app.ts";
import { aRep, email } from "../../../test/support/fixtures.ts";
import { inbox } from "../../../test/support/inbox.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const postLoginJson = (address: string) =>
  app.request(`${ORIGIN}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: address }) });

const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const getPage = (path: string, cookie?: string) => app.request(`${ORIGIN}${path}`, { headers: cookie ? { cookie } : {} });

function csrfOf(html: string, action?: string): string {
  const scope = action ? html.slice(html.indexOf(`action="${action}"`)) : html;
  const match = scope.match(/name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/);
  if (!match) throw new Error(`no csrf field${action ? ` in the form posting to ${action}` : ""}`);
  return (match[1] ?? match[2])!;
}

const heading = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();

/** Asks for a link by the JSON route and answers the token in the (latest) email to `address`. */
async function linkFor(address: string): Promise<string> {
  expect((await postLoginJson(address)).status).toBe(202);
  const text = (await inbox(address)).at(-1)?.body.text ?? "";
  const token = text.match(/\/auth\/callback\?token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no sign-in link in the email to ${address}: ${text}`);
  return token;
}

/** Opens the link's confirm page and presses its button: the POST a browser sends. */
async function confirm(token: string) {
  const page = await getPage(`/auth/callback?token=${token}`);
  expect(page.status).toBe(200);
  return postForm("/auth/callback", { token, csrf: csrfOf(await page.text()) });
}

/** A cookie header carrying the session set by a successful sign-in response. */
function sessionFrom(res: Response): string {
  const value = res.headers.get("set-cookie")?.match(/rapport_session=([^;]+)/)?.[1];
  if (!value) throw new Error(`no session cookie in: ${res.headers.get("set-cookie")}`);
  return `rapport_session=${value}`;
}

async function signedIn(address: string): Promise<string> {
  const res = await confirm(await linkFor(address));
  expect(res.status).toBe(303);
  return sessionFrom(res);
}

describe("asking for a sign-in link", () => {
  it("sends at most five links per address in 15 minutes, then answers 429", async () => {
    const rep = await aRep();
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await postLoginJson(rep.email)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    expect(await inbox(rep.email)).toHaveLength(5);
  });

  it("answers a known and an unknown email identically, and emails only the known one", async () => {
    const rep = await aRep();
    const stranger = email("stranger");

    const known = await postLoginJson(rep.email);
    const unknown = await postLoginJson(stranger);

    expect(known.status).toBe(202);
    expect(unknown.status).toBe(known.status);
    expect(unknown.headers.get("content-type")).toBe(known.headers.get("content-type"));
    const knownBody = await known.text();
    expect(await unknown.text()).toBe(knownBody);
    expect(JSON.parse(knownBody)).toEqual({ message: expect.stringContaining("If this email belongs to a Rapport account") });

    const sent = await inbox(rep.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Your Rapport sign-in link");
    expect(sent[0]!.body.text).toMatch(new RegExp(`${ORIGIN}/auth/callback\\?token=[A-Za-z0-9_-]{40,60}`));
    expect(await inbox(stranger)).toHaveLength(0);
  });

  it("shows the same 'check your email' page for a form post, known address or not", async () => {
    const rep = await aRep();
    const stranger = email("stranger");
    const login = await getPage("/auth/login");
    expect(login.status).toBe(200);
    const csrf = csrfOf(await login.text());

    const known = await postForm("/auth/login", { csrf, email: rep.email });
    const unknown = await postForm("/auth/login", { csrf, email: stranger });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const [knownHtml, unknownHtml] = [await known.text(), await unknown.text()];
    expect(heading(knownHtml)).toBe("Check your email");
    expect(heading(unknownHtml)).toBe("Check your email");
    // The pages differ only by the address echoed back to its own typist.
    expect(unknownHtml.split(stranger).join("ADDRESS")).toBe(knownHtml.split(rep.email).join("ADDRESS"));
    expect(await inbox(rep.email)).toHaveLength(1);
    expect(await inbox(stranger)).toHaveLength(0);
  });

  it("refuses a form post from another site with 403 and sends nothing", async () => {
    const rep = await aRep();
    const csrf = csrfOf(await (await getPage("/auth/login")).text());
    const res = await postForm("/auth/login", { csrf, email: rep.email }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await inbox(rep.email)).toHaveLength(0);
  });

  it("refuses a form post without the page's csrf field with 403 and sends nothing", async () => {
    const rep = await aRep();
    const res = await postForm("/auth/login", { email: rep.email });
    expect(res.status).toBe(403);
    expect(await inbox(rep.email)).toHaveLength(0);
  });
});

describe("following the link in the email", () => {
  it("opens a confirm page that a mail scanner's GETs never use up", async () => {
    const rep = await aRep();
    const token = await linkFor(rep.email);

    for (let i = 0; i < 2; i++) {
      const page = await getPage(`/auth/callback?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("set-cookie")).toBeNull();
      const html = await page.text();
      expect(heading(html)).toBe("Finish signing in");
      expect(html).toMatch(/<button[^>]*type="submit"[^>]*>\s*Sign in to Rapport\s*<\/button>/);
    }

    const res = await confirm(token);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard");
  });

  it("sets an HttpOnly, SameSite=Lax session cookie for the whole site, not Secure over local http, for 12 hours", async () => {
    const rep = await aRep();
    const res = await confirm(await linkFor(rep.email));
    expect(res.status).toBe(303);
    const cookie = res.headers.get("set-cookie") ?? "";
    const attributes = cookie.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes[0]).toMatch(/^rapport_session=[a-z0-9_-]{40,60}$/);
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes).toContain(`max-age=${12 * 3600}`);
    expect(attributes).not.toContain("secure");

    const dashboard = await getPage("/dashboard", sessionFrom(res));
    expect(dashboard.status).toBe(200);
    expect(heading(await dashboard.text())).toBe(rep.name);
  });

  it("works once: pressing the button again answers a 410 page and sets no cookie", async () => {
    const rep = await aRep();
    const token = await linkFor(rep.email);
    expect((await confirm(token)).status).toBe(303);

    const again = await confirm(token);
    expect(again.status).toBe(410);
    expect(again.headers.get("content-type")).toContain("text/html");
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await again.text()).toContain("already used or has expired");
  });

  it("still works at 14 minutes but not after 15", async () => {
    const rep = await aRep();
    const late = await linkFor(rep.email);
    const expired = await Clock.at(new Date(Date.now() + 16 * MINUTE), () => confirm(late));
    expect(expired.status).toBe(410);
    expect(expired.headers.get("set-cookie")).toBeNull();

    const inTime = await linkFor(rep.email);
    const ok = await Clock.at(new Date(Date.now() + 14 * MINUTE), () => confirm(inTime));
    expect(ok.status).toBe(303);
  });

  it("refuses the button press without the page's csrf, or from another site, and leaves the link usable", async () => {
    const rep = await aRep();
    const token = await linkFor(rep.email);
    const csrf = csrfOf(await (await getPage(`/auth/callback?token=${token}`)).text());

    expect((await postForm("/auth/callback", { token })).status).toBe(403);
    expect((await postForm("/auth/callback", { token, csrf }, { origin: "https://evil.example" })).status).toBe(403);
    // A page elsewhere can send an opaque origin; browsers mark it cross-site, and without that mark it is refused.
    expect((await postForm("/auth/callback", { token, csrf }, { origin: "null" })).status).toBe(403);
    expect((await postForm("/auth/callback", { token, csrf }, { origin: "null", "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await postForm("/auth/callback", { token, csrf })).status).toBe(303);
  });

  it("answers a malformed link with a 404 page", async () => {
    const res = await getPage("/auth/callback?token=short");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
  });
});

describe("a session", () => {
  it("opens the dashboard for 12 hours and then sends the person back to sign in", async () => {
    const rep = await aRep();
    const cookie = await signedIn(rep.email);

    const before = await Clock.at(new Date(Date.now() + 11 * HOUR + 59 * MINUTE), () => getPage("/dashboard", cookie));
    expect(before.status).toBe(200);

    const after = await Clock.at(new Date(Date.now() + 12 * HOUR + MINUTE), () => getPage("/dashboard", cookie));
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/auth/login");
  });

  it("ends on sign out with the page's csrf: the old cookie no longer opens the dashboard", async () => {
    const rep = await aRep();
    const cookie = await signedIn(rep.email);
    const page = await getPage("/dashboard", cookie);
    expect(page.status).toBe(200);
    const csrf = csrfOf(await page.text(), "/auth/logout");

    const out = await app.request(`${ORIGIN}/auth/logout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie },
      body: new URLSearchParams({ csrf }).toString(),
    });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/auth/login");
    expect(out.headers.get("set-cookie")).toMatch(/rapport_session=;.*Max-Age=0/i);

    // Replaying the old cookie (as a copied cookie would) no longer works: the session is gone server-side.
    const replay = await getPage("/dashboard", cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toBe("/auth/login");
  });

  it("is not ended by a sign-out post without the page's csrf", async () => {
    const rep = await aRep();
    const cookie = await signedIn(rep.email);
    const out = await app.request(`${ORIGIN}/auth/logout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie },
      body: "",
    });
    expect(out.status).toBe(403);
    expect((await getPage("/dashboard", cookie)).status).toBe(200);
  });

  it("sends a visitor without a session to the sign-in page", async () => {
    const res = await getPage("/dashboard");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/auth/login");
  });
});

describe("a manager", () => {
  it("signs in with an email that is only on their reps' records and sees the team view", async () => {
    const manager = email("manager");
    await aRep({ name: "Priya Patel", managerEmail: manager, team: "Nordics" });
    await aRep({ name: "Olle Berg", managerEmail: manager, team: "Nordics" });
    await aRep({ name: "Someone Else", managerEmail: email("other-manager"), team: "Nordics" });

    const cookie = await signedIn(manager);
    const res = await getPage("/dashboard", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(heading(html)).toBe("Nordics");
    expect(html).toContain("2 reps");
    const rows = [...html.matchAll(/<th scope="row"><a href="[^"]*">([^<]+)<\/a><\/th>/g)].map((m) => m[1]);
    expect(rows).toEqual(["Olle Berg", "Priya Patel"]);
  });
});
