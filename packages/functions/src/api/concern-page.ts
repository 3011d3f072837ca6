import { randomBytes } from "node:crypto";
import { Hono, type Context } from "hono";
import * as v from "valibot";
import { VisibleError } from "@rapport/core/error";
import { fieldsOf } from "@rapport/core/error-fields";
import { IdSchema } from "@rapport/core/fields";
import { Customer } from "@rapport/core/customer/index";
import { Rep } from "@rapport/core/rep/index";
import { SEALED_TOKEN } from "@rapport/core/link/index";
import { preferencesOf } from "@rapport/core/followup/index";
import { log } from "@rapport/core/log/index";
import { Concern, CONCERN_MAX_CHARS, CONCERNS_PER_DAY, ConcernResultSchema, ConcernSchema, SUBMISSION, TooManyConcerns, concernSchemaFor } from "@rapport/core/concern/index";
import { pages } from "./pages.ts";
import type { AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { formatDate } from "@rapport/core/clock/format-date";
import { now } from "@rapport/core/clock/index";
import { messagesFor } from "@rapport/core/i18n/index";
import { brand, csrfFor, errorPage, firstName, formToObject, localeFor, readForm, wantsJson } from "./customer-pages.ts";
import { LinkRetired } from "@rapport/core/customer/retired-link";
import { retiredPage } from "./retired-link.ts";

const TokenSchema = v.pipe(v.string(), v.maxLength(120), v.regex(SEALED_TOKEN, "is not a valid link"));
const SentQuerySchema = v.object({ case: IdSchema("fup") });

const ConcernAnswers = component("ConcernAnswers", ConcernSchema, {
  what: "The delivery came a week late and nobody told us.",
  urgency: "today",
  reply: "contact",
  channel: "phone",
  contact: "+1 415 555 0123",
});
const ConcernRaised = component("ConcernRaised", ConcernResultSchema, { reply: "contact", urgency: "today", contactBy: "2026-12-03T16:05:00.000Z" });

type Known = { token: string; customer: Customer };

/** The customer a concern link opens: 404 for a malformed, tampered or unknown one, 410 once it expired or its customer was erased. */
async function linked(c: Context): Promise<Known> {
  const token = v.safeParse(TokenSchema, c.req.param("token"));
  if (!token.success) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  return { token: token.output, customer: await Concern.open(token.output) };
}

/** How the form comes back after a post: as typed, with its mistakes (400), or unsent after a failure of ours (409, 503). */
type Again = { posted: Record<string, unknown>; errors?: Record<string, string>; unsent?: 409 | 503 };

/** The form: the post as typed when it comes back, else what we know (their preferred channel and contact, else their email). */
async function formPage(c: Context, { token, customer }: Known, again?: Again) {
  const posted = again?.posted;
  const { channelChoices } = await import("./onboarding-form.ts");
  const locale = localeFor(c, customer.language);
  const prefs = preferencesOf(customer);
  const text = (key: string, fallback = "") => (posted ? (typeof posted[key] === "string" ? (posted[key] as string) : "") : fallback);
  const channel = text("channel", prefs.channel ?? "email");
  // One value per filling-in of the form, kept when it comes back with errors: sending it twice opens one case.
  const submission = SUBMISSION.test(text("submission")) ? text("submission") : randomBytes(16).toString("base64url");
  const rep = await Rep.get(customer.repId);
  return c.html(
    (await pages()).renderConcernPage({
      ...brand(locale),
      action: `/c/${token}`,
      csrf: csrfFor(`c:${token}`),
      submission,
      customerFirstName: firstName(customer.name),
      repName: rep?.name ?? "your contact",
      hasManager: Boolean(rep?.managerEmail),
      values: {
        what: text("what"),
        urgency: text("urgency"),
        reply: text("reply"),
        channel,
        contact: text("contact", prefs.contact ?? (channel === "email" ? customer.email : "")),
      },
      choices: {
        channels: channelChoices(locale),
      },
      maxChars: CONCERN_MAX_CHARS,
      errors: again?.errors ?? {},
      ...(again?.unsent ? { unsent: true } : {}),
    }),
    again?.unsent ?? (again ? 400 : 200),
  );
}

/** A link that does not open, or a sixth concern today: a page that says what happened and what to do, in the customer's language when the link says who they are. */
async function concernError(c: Context, error: unknown, customer?: Customer): Promise<Response> {
  if (error instanceof LinkRetired) return retiredPage(c, error);
  const locale = localeFor(c, customer?.language);
  if (!(error instanceof VisibleError) || ![404, 410, 429].includes(error.status)) return errorPage(c, error, locale);
  const t = messagesFor(locale).errors;
  const count = new Intl.NumberFormat(locale.tag).format(CONCERNS_PER_DAY);
  // The next day opens Retry-After seconds from now, shown in the customer's zone.
  const opensAt = error instanceof TooManyConcerns ? new Date(now().getTime() + error.retryAfterSeconds * 1000).toISOString() : "";
  const page = {
    404: { title: t.titles[404], message: t.notFound },
    410: { title: t.titles[410], message: t.concernExpired },
    429: { title: t.concernLimitTitle(count), message: t.concernLimit(count, formatDate(opensAt, Customer.zoneOf(customer), locale.tag)), nextStep: t.concernLimitNext },
  }[error.status as 404 | 410 | 429];
  return c.html((await pages()).renderMessagePage({ ...brand(locale), status: error.status, ...page }), error.status);
}

/** The 400 of a concern that does not pass its schema: each field named, in the customer's words. */
function invalid(issues: Parameters<typeof fieldsOf>[0]): VisibleError {
  const fields = fieldsOf(issues);
  const says = Object.entries(fields).map(([name, message]) => (/^[A-Z]/.test(message) ? message : `${name} ${message}`));
  return new VisibleError("input", "invalid_input", `Invalid ${Object.keys(fields).join(", ")}: ${says.join("; ")}.`, fields);
}

export const concernPage = new Hono<AppEnv>()
  .get("/:token", async (c) => {
    try {
      return await formPage(c, await linked(c));
    } catch (error) {
      return concernError(c, error);
    }
  })
  .get("/:token/sent", async (c) => {
    try {
      const { token, customer } = await linked(c);
      const query = v.safeParse(SentQuerySchema, c.req.query());
      const sent = query.success ? await Concern.sentOf(customer.id, query.output.case) : undefined;
      // Only a raised concern links here; anything else is sent back to the form.
      if (!sent) return c.redirect(`/c/${token}`, 303);
      const rep = await Rep.get(customer.repId);
      return c.html(
        (await pages()).renderConcernSentPage({
          ...brand(localeFor(c, customer.language)),
          ...sent,
          repName: rep?.name ?? "Your contact",
          timezone: Customer.zoneOf(customer),
          concernUrl: `/c/${token}`,
        }),
      );
    } catch (error) {
      return concernError(c, error);
    }
  })
  .post(
    "/:token",
    describe({
      operationId: "raiseConcern",
      summary: "Raise a concern (\"Something not right? Tell us\")",
      description: `The customer's concern, at any time: it opens a recovery case at once, with no report card and whatever the 60-day limit on report cards, and never counts toward a score. Due by the customer's expected response time and never later than 24 hours, within 4 hours when \`urgency\` is \`today\`. \`reply\` is the customer's choice and has no default: \`contact\` names them on a case for their rep (reached by \`channel\` and \`contact\` when given, checked as the onboarding form checks them, else their preferences, else their email); \`anonymous\` opens a case for the manager only that names nobody (a channel or contact sent with it is dropped). At most ${CONCERNS_PER_DAY} per customer per calendar day in UTC, taken only by a concern raised. An optional \`submission\` (any 16 to 64 letters, digits, - or _, new for each concern) makes a retry safe: the same value sent again within a day opens nothing, uses no allowance and answers 200 with the case the first opened. This documents JSON callers (\`Content-Type: application/json\`); the form page posts an HTML form with its CSRF value and is answered with HTML and a redirect.`,
      tags: ["Customer forms"],
      security: ["public"],
      params: v.object({ token: TokenSchema }),
      body: { schema: ConcernAnswers, required: true },
      responses: {
        200: { description: "This `submission` was sent before: nothing more was opened, and the answer is the case it opened", schema: ConcernRaised },
        201: { description: "Raised: a recovery case is open", schema: ConcernRaised },
        400: "Invalid concern (`error.fields` names each), or a body that is not JSON",
        404: "Unknown or tampered link",
        410: "Expired link, or a customer erased on request (`link_retired`)",
        429: `The customer raised ${CONCERNS_PER_DAY} concerns today; \`Retry-After\` says when the next day (UTC) begins. Nothing was opened.`,
      },
    }),
    async (c) => {
      const json = wantsJson(c);
      let known: Known | undefined;
      let body: unknown;
      try {
        known = await linked(c);
        const { token, customer } = known;
        body = json ? await c.req.json().catch(() => Promise.reject(new VisibleError("input", "malformed_request", "The body is not valid JSON."))) : formToObject(await readForm(c, `c:${token}`));
        const parsed = v.safeParse(concernSchemaFor(Customer.zoneOf(customer)), body);
        if (!parsed.success) throw invalid(parsed.issues);
        const { followUp, result, replayed } = await Concern.raise(customer.id, parsed.output);
        if (json) return c.json(shaped(ConcernRaised, result), replayed ? 200 : 201);
        return c.redirect(`/c/${token}/sent?${new URLSearchParams({ case: followUp.id })}`, 303);
      } catch (error) {
        if (error instanceof TooManyConcerns) c.header("Retry-After", String(error.retryAfterSeconds));
        if (json) throw error;
        if (!known || !body || typeof body !== "object") return concernError(c, error, known?.customer);
        const posted = body as Record<string, unknown>;
        if (error instanceof VisibleError && error.code === "invalid_input") return formPage(c, known, { posted, ...(error.fields ? { errors: error.fields } : {}) });
        // A failure of ours (a conflict that outlasted its retries, anything unexpected): the form again, nothing lost.
        if (error instanceof VisibleError && error.status === 409) return formPage(c, known, { posted, unsent: 409 });
        if (error instanceof VisibleError && error.status < 500) return concernError(c, error, known.customer);
        if (!(error instanceof VisibleError)) log.error("concern could not be raised", { method: c.req.method, route: c.req.routePath, error });
        return formPage(c, known, { posted, unsent: 503 });
      }
    },
  );
