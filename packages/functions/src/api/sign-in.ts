import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as v from "valibot";
import { Auth, LINKS_PER_WINDOW, LoginSchema, SESSION_MS } from "@rapport/core/auth/index";
import { config, SIGN_IN_PER_IP } from "@rapport/core/config";
import { VisibleError } from "@rapport/core/error";
import { pages } from "./pages.ts";
import { SESSION_COOKIE, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { brand, csrfFor, errorPage, fieldsOf, readForm, wantsJson, type Form } from "./customer-pages.ts";

const TokenSchema = v.object({ token: v.pipe(v.string("is required"), v.regex(/^[A-Za-z0-9_-]{40,60}$/, "is not a sign-in link")) });

const LOGIN_SCOPE = "sign-in";
const SENT = "If this email belongs to a Rapport account, a sign-in link is on its way. It works once, for 15 minutes.";

component("LoginInput", LoginSchema, { email: "dana.ortiz@example.com" });
const LinkRequested = component("SignInLinkRequested", v.object({ message: v.string() }), { message: SENT });

/** "1 minute", "15 minutes": a wait rounded up to whole minutes. */
const minutes = (seconds: number) => (Math.ceil(seconds / 60) === 1 ? "1 minute" : `${Math.ceil(seconds / 60)} minutes`);

/**
 * The caller's IP address: API Gateway's source IP in Lambda, the socket's peer under @hono/node-server.
 * A request made in-process (`app.request` without either) has none, and counts against no IP allowance.
 */
function clientIp(c: Context<AppEnv>): string | undefined {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: unknown } } }; incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
  const ip = env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress;
  return typeof ip === "string" && ip ? ip : undefined;
}

export const signIn = new Hono<AppEnv>()
  .get("/login", async (c) => c.html((await pages()).renderSignInPage({ ...brand(), action: "/auth/login", csrf: csrfFor(LOGIN_SCOPE), sent: false, email: "" })))
  .post(
    "/login",
    describe({
      operationId: "requestSignInLink",
      summary: "Email a magic sign-in link (reps, managers and admins)",
      description:
        `Answers the same, and takes the same time, whether or not the email is known. Each address, known or not, may ask ${LINKS_PER_WINDOW} times per 15 minutes, and each IP address ${SIGN_IN_PER_IP} times (unless the installation sets another allowance); beyond that the answer is 429 with \`Retry-After\`. The link works once, for 15 minutes. This documents JSON callers (\`Content-Type: application/json\`); the sign-in page posts an HTML form with its CSRF value and gets HTML.`,
      tags: ["Sign-in"],
      security: ["public"],
      body: { schema: LoginSchema, required: true },
      responses: { 202: { description: "Accepted", schema: LinkRequested }, 400: "Invalid email, or a body that is not JSON", 429: "This address (known or not) or this IP address has used its sign-in requests for now: wait the `Retry-After` seconds." },
    }),
    async (c) => {
      const json = wantsJson(c);
      let body: unknown;
      if (json) {
        body = await c.req.json().catch(() => {
          throw new VisibleError("input", "malformed_request", "The body is not valid JSON.");
        });
      } else {
        let form: Form;
        try {
          form = await readForm(c, LOGIN_SCOPE);
        } catch (error) {
          return errorPage(c, error);
        }
        body = { email: typeof form.email === "string" ? form.email : "" };
      }
      const parsed = v.safeParse(LoginSchema, body);
      if (!parsed.success) {
        const fields = fieldsOf(parsed.issues);
        if (json) throw new VisibleError("input", "invalid_input", `Invalid ${Object.keys(fields).join(", ")}.`, fields);
        const email = (body as { email?: string }).email ?? "";
        return c.html((await pages()).renderSignInPage({ ...brand(), action: "/auth/login", csrf: csrfFor(LOGIN_SCOPE), sent: false, email, error: `Email ${fields.email ?? "is invalid"}.` }), 400);
      }
      const taken = await Auth.requestLink(parsed.output, { ip: clientIp(c) });
      if (!taken.allowed) {
        c.header("Retry-After", String(taken.retryAfterSeconds));
        const message = `Too many sign-in requests; try again in ${minutes(taken.retryAfterSeconds)}.`;
        if (json) throw new VisibleError("too-many", "rate_limited", message);
        return c.html((await pages()).renderSignInPage({ ...brand(), action: "/auth/login", csrf: csrfFor(LOGIN_SCOPE), sent: false, email: parsed.output.email, error: message }), 429);
      }
      if (json) return c.json(shaped(LinkRequested, { message: SENT }), 202);
      return c.html((await pages()).renderSignInPage({ ...brand(), action: "/auth/login", csrf: csrfFor(LOGIN_SCOPE), sent: true, email: parsed.output.email }));
    },
  )
  .get("/callback", async (c) => {
    const parsed = v.safeParse(TokenSchema, { token: c.req.query("token") });
    if (!parsed.success) return errorPage(c, new VisibleError("not-found", "unknown_link", "This sign-in link is not valid."));
    // Opening the link only shows a button: mail scanners open links, and a GET must not use it up.
    return c.html((await pages()).renderSignInConfirmPage({ ...brand(), action: "/auth/callback", csrf: csrfFor(`callback:${parsed.output.token}`), token: parsed.output.token }));
  })
  .post("/callback", async (c) => {
    try {
      const form = await readForm(c, (posted) => `callback:${String(posted.token)}`);
      const parsed = v.safeParse(TokenSchema, { token: form.token });
      if (!parsed.success) throw new VisibleError("not-found", "unknown_link", "This sign-in link is not valid.");
      const result = await Auth.signIn(parsed.output.token);
      if (!result) throw new VisibleError("gone", "used_link", "This sign-in link was already used or has expired. Ask for a new one at /auth/login.");
      setCookie(c, SESSION_COOKIE, result.session, {
        httpOnly: true,
        sameSite: "Lax",
        secure: config().secureCookies,
        path: "/",
        maxAge: Math.floor(SESSION_MS / 1000),
      });
      // An admin who is neither a rep nor a manager has no dashboard: the console is theirs.
      const onlyAdmin = result.viewer.admin && !result.viewer.repId && result.viewer.managerOf.length === 0;
      return c.redirect(onlyAdmin ? "/admin" : "/dashboard", 303);
    } catch (error) {
      if (error instanceof VisibleError && error.status === 410) {
        return c.html((await pages()).renderSignInPage({ ...brand(), action: "/auth/login", csrf: csrfFor(LOGIN_SCOPE), sent: false, email: "", error: error.message }), 410);
      }
      return errorPage(c, error);
    }
  })
  .post("/logout", async (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    try {
      await readForm(c, `logout:${session ?? ""}`);
    } catch (error) {
      return errorPage(c, error);
    }
    if (session) await Auth.signOut(session);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/auth/login", 303);
  });

export { SENT };
