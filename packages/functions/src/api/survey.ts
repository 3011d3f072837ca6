import { Hono, type Context } from "hono";
import * as v from "valibot";
import { Customer } from "@rapport/core/customer/index";
import { VisibleError } from "@rapport/core/error";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Submission, SubmissionResultSchema } from "@rapport/core/submission/index";
import { Survey } from "@rapport/core/survey/index";
import { FollowUp } from "@rapport/core/followup/index";
import { concernToken } from "@rapport/core/concern/link";
import { messagesFor } from "@rapport/core/i18n/index";
import type { Locale } from "@rapport/core/i18n/languages";
import type { FieldErrors, ReportCardNext } from "@rapport/web/pages/index";
import { pages } from "./pages.ts";
import type { AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { brand, csrfFor, errorPage, fieldsOf, firstName, formToObject, localeFor, readForm, wantsJson } from "./customer-pages.ts";

const TokenSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{40,60}$/, "is not a valid link"));
export const SurveyQuerySchema = v.object({
  score: v.optional(v.picklist(["1", "2", "3", "4", "5"], "must be a rating from 1 to 5")),
  /** "tap": the rating tapped in the email was just recorded; the page says so and offers the rest. */
  saved: v.optional(v.picklist(["tap"])),
});
/** The confirm page's post: the one rating tapped in the email, for the invitation's first behaviour. */
const TapSchema = v.strictObject({ tap: v.literal("1"), ratings: v.record(v.string(), v.picklist(["1", "2", "3", "4", "5"], "must be a rating from 1 to 5")) });

const ReportCardAnswers = component(
  "ReportCardAnswers",
  v.pipe(
    Survey.reportCardSchema(Survey.current()),
    v.description("`ratings` is keyed by the behaviour ids of the survey the invitation was sent with (shown here: the built-in survey's); answer any of them, at least one."),
  ),
  {
    ratings: { listening: 5, follow_up: 2, proactive: "na" },
    improve: "Call back when you say you will.",
    shareName: true,
    contactOk: true,
  },
);
const LostDealAnswers = component(
  "LostDealAnswers",
  v.pipe(Survey.lostDealSchema(Survey.current()), v.description("A lost deal's card: `ratings` keyed by the behaviour ids the invitation was sent with (any of them), and what would have made the customer choose us; at least one of the two.")),
  { ratings: { listening: 4, proactive: 2 }, chooseUs: "A pilot before the full rollout.", shareName: false },
);
/** The onboarding answers' schema, loaded by the first onboarding submission: its phone-number library is the heaviest package the API bundles. */
const onboardingSchema = async () => (await import("@rapport/core/survey/onboarding")).OnboardingSchema;
const onboardingAnswers = async () =>
  component("OnboardingAnswers", await onboardingSchema(), {
    channel: "phone",
    contact: "+1 415 555 0123",
    timezone: "America/Los_Angeles",
    bestHours: "Weekdays 9-11",
    cadence: "weekly",
    responseTime: "4h",
  });
const Submitted = component(
  "SubmissionResult",
  SubmissionResultSchema,
  { invitationId: "inv_01JH5Z6M0N2P4Q6R8S0T2V4W6X", kind: "report-card", outcome: "recorded", answeredAt: "2026-11-20T18:04:00.000Z", revisableUntil: "2026-11-27T18:04:00.000Z" },
);

/** What only the onboarding pages use (the time-zone list among it), loaded with the first of them. */
const onboardingForm = () => import("./onboarding-form.ts");
/** The onboarding form's one script, served from this origin so the Content-Security-Policy needs no exception. */
const LOCAL_ZONE_SCRIPT = "/s/local-zone.js";

/** The behaviours an invitation asks about, each labelled in the customer's language (the default label without a translation). */
const behavioursIn = (inv: InvitationRecord, locale: Locale) => Survey.behavioursOf(inv).map((b) => ({ id: b.id, label: Survey.labelFor(b, locale.language) }));

/** The page's locale: the customer's language (as stored now, else as when they were invited), else Accept-Language, else the organization's. */
const localeOf = (c: Context, inv: InvitationRecord | undefined, customer?: Customer) => localeFor(c, customer?.language ?? inv?.language);

/** "Something not right? Tell us" on the pages after a form: the customer's concern form. */
const concernPath = (inv: InvitationRecord) => `/c/${concernToken(inv.customerId)}`;

async function invitationFor(c: Context): Promise<InvitationRecord> {
  const token = v.safeParse(TokenSchema, c.req.param("token"));
  if (!token.success) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  return Submission.open(token.output);
}

const ticked = (value: unknown) => value === true || value === "on" || value === "true";

function reportCardValues(inv: InvitationRecord, posted: Record<string, unknown> | undefined, aboutMe: string | undefined) {
  const source = (posted ?? inv.answers ?? {}) as { ratings?: Record<string, unknown>; improve?: string; aboutMe?: string; shareName?: unknown; contactOk?: unknown };
  const ratings: Record<string, string> = {};
  for (const [k, r] of Object.entries(source.ratings ?? {})) ratings[k] = String(r);
  return {
    ratings,
    improve: typeof source.improve === "string" ? source.improve : "",
    aboutMe: typeof source.aboutMe === "string" ? source.aboutMe : (aboutMe ?? ""),
    shareName: ticked(source.shareName),
    contactOk: ticked(source.contactOk),
  };
}

/** What the customer's report card (or lost-deal card) set in motion: their two consents, and the recovery case it opened, if still open. */
async function nextOf(inv: InvitationRecord): Promise<ReportCardNext | undefined> {
  if (inv.kind === "onboarding") return undefined;
  const answers = (inv.answers ?? {}) as { shareName?: unknown; contactOk?: unknown };
  const recovery = inv.recoveryId ? await FollowUp.get(inv.recoveryId) : undefined;
  return { contactOk: ticked(answers.contactOk), shareName: ticked(answers.shareName), ...(recovery?.status === "open" ? { recoveryDueAt: recovery.dueAt } : {}) };
}

async function formPage(c: Context, inv: InvitationRecord, customer: Customer | undefined, options: { posted?: Record<string, unknown>; errors?: FieldErrors; tapped?: boolean; status?: number }) {
  const token = c.req.param("token")!;
  const state = Submission.stateOf(inv) === "revisable" ? ("revisable" as const) : ("open" as const);
  const locale = localeOf(c, inv, customer);
  const common = {
    ...brand(locale),
    action: `/s/${token}`,
    csrf: csrfFor(token),
    repName: inv.repName,
    customerFirstName: firstName(inv.customerName),
    errors: options.errors ?? {},
    state,
    timezone: Customer.zoneOf(customer),
    ...(inv.answeredAt ? { answeredAt: inv.answeredAt, revisableUntil: Submission.revisableUntil(inv) } : {}),
  };
  const status = (options.status ?? 200) as 200;
  if (inv.kind === "report-card") {
    const { renderReportCardPage, statement } = await pages();
    const aboutMe = (customer as Customer & { aboutMe?: string } | undefined)?.aboutMe;
    const behaviours = behavioursIn(inv, locale);
    const values = reportCardValues(inv, options.posted, aboutMe);
    const first = behaviours[0];
    const tapped = options.tapped && first && values.ratings[first.id] ? { statement: statement(inv.repName, first.label), rating: values.ratings[first.id]! } : undefined;
    return c.html(renderReportCardPage({ ...common, behaviours, values, ...(tapped ? { tapped } : {}) }), status);
  }
  if (inv.kind === "lost-deal") {
    const source = (options.posted ?? inv.answers ?? {}) as { chooseUs?: unknown };
    const { ratings, shareName } = reportCardValues(inv, options.posted, undefined);
    const values = { ratings, chooseUs: typeof source.chooseUs === "string" ? source.chooseUs : "", shareName };
    return c.html((await pages()).renderLostDealPage({ ...common, behaviours: behavioursIn(inv, locale), values }), status);
  }
  const { onboardingChoices, onboardingValues } = await onboardingForm();
  const { values, suggestLocalZone } = onboardingValues(inv, customer, options.posted);
  return c.html(
    (await pages()).renderOnboardingPage({
      ...common,
      values,
      choices: onboardingChoices(values.timezone, locale),
      ...(suggestLocalZone ? { localZoneScript: LOCAL_ZONE_SCRIPT } : {}),
    }),
    status,
  );
}

async function summaryOf(inv: InvitationRecord, locale: Locale): Promise<{ question: string; answer: string }[]> {
  const answers = (inv.answers ?? {}) as Record<string, unknown>;
  if (inv.kind !== "onboarding") {
    const { statement } = await pages();
    const t = messagesFor(locale);
    const rating = (r: unknown) => (r === undefined ? t.common.noAnswer : r === "na" ? t.common.notApplicable : t.common.outOfFive(new Intl.NumberFormat(locale.tag).format(Number(r))));
    const ratings = (answers.ratings ?? {}) as Record<string, unknown>;
    const rows = behavioursIn(inv, locale).map((b) => ({ question: statement(inv.repName, b.label), answer: rating(ratings[b.id]) }));
    const yes = (ticked: unknown) => (ticked ? t.common.yes : t.common.no);
    if (answers.chooseUs) rows.push({ question: t.lostDeal.chooseUs, answer: String(answers.chooseUs) });
    if (answers.improve) rows.push({ question: t.reportCard.improve(inv.repName), answer: String(answers.improve) });
    if (answers.aboutMe) rows.push({ question: t.reportCard.aboutMe(inv.repName), answer: String(answers.aboutMe) });
    rows.push({ question: t.reportCard.shareName(inv.repName), answer: yes(answers.shareName) });
    if (inv.kind === "report-card") rows.push({ question: t.reportCard.contactOk(inv.repName), answer: yes(answers.contactOk) });
    return rows;
  }
  return (await onboardingForm()).onboardingSummary(answers, locale);
}

async function receivedPage(c: Context, inv: InvitationRecord) {
  const [next, customer] = await Promise.all([nextOf(inv), Customer.get(inv.customerId)]);
  const timezone = Customer.zoneOf(customer);
  const locale = localeOf(c, inv, customer);
  return c.html(
    (await pages()).renderReceivedPage({
      ...brand(locale),
      kind: inv.kind,
      repName: inv.repName,
      answeredAt: inv.answeredAt!,
      timezone,
      summary: await summaryOf(inv, locale),
      ...(next ? { next } : {}),
      concernUrl: concernPath(inv),
    }),
  );
}

/** The one-question page a rating tapped in the email opens; it records nothing (mail scanners open every link). */
async function confirmPage(c: Context, inv: InvitationRecord, customer: Customer | undefined, rating: string) {
  const token = c.req.param("token")!;
  const locale = localeOf(c, inv, customer);
  const behaviour = behavioursIn(inv, locale)[0]!;
  return c.html(
    (await pages()).renderConfirmRatingPage({ ...brand(locale), action: `/s/${token}`, csrf: csrfFor(token), repName: inv.repName, behaviour, rating, fullFormUrl: `/s/${token}` }),
  );
}

/** The HTML answer to a form post that recorded nothing: the answers already final, the form again with its errors, or the error page. */
async function notSubmittedPage(c: Context, inv: InvitationRecord | undefined, posted: unknown, error: unknown) {
  if (inv && error instanceof VisibleError && error.code === "already_final") return receivedPage(c, inv);
  if (inv && error instanceof VisibleError && error.code === "invalid_input") {
    return formPage(c, inv, await Customer.get(inv.customerId), { posted: posted as Record<string, unknown>, errors: error.fields ?? {}, status: 400 });
  }
  return errorPage(c, error, localeOf(c, inv));
}

export const survey = new Hono<AppEnv>()
  .get("/local-zone.js", async (c) => {
    const { localZoneScript } = await import("@rapport/web/pages/onboarding");
    return c.body(localZoneScript, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" });
  })
  .get("/:token", async (c) => {
    try {
      const inv = await invitationFor(c);
      const query = v.safeParse(SurveyQuerySchema, c.req.query());
      if (!query.success) throw new VisibleError("input", "invalid_score", "The rating in this link is not one we sent. Please choose it on the form.", fieldsOf(query.issues));
      if (Submission.stateOf(inv) === "final") return receivedPage(c, inv);
      // Opening the page records only that it was opened: mail scanners fetch every link first.
      const [, customer] = await Promise.all([Invitation.markOpened(inv), Customer.get(inv.customerId)]);
      if (inv.kind === "report-card" && query.output.score) return confirmPage(c, inv, customer, query.output.score);
      return formPage(c, inv, customer, { tapped: query.output.saved === "tap" });
    } catch (error) {
      return errorPage(c, error, localeOf(c, undefined));
    }
  })
  .get("/:token/thanks", async (c) => {
    try {
      const inv = await invitationFor(c);
      if (!inv.answeredAt) return c.redirect(`/s/${c.req.param("token")}`, 303);
      const outcome = v.safeParse(v.picklist(["recorded", "revised", "unchanged"]), c.req.query("outcome"));
      const [next, customer] = await Promise.all([nextOf(inv), Customer.get(inv.customerId)]);
      return c.html(
        (await pages()).renderThankYouPage({
          ...brand(localeOf(c, inv, customer)),
          kind: inv.kind,
          repName: inv.repName,
          outcome: outcome.success ? outcome.output : "recorded",
          answeredAt: inv.answeredAt,
          revisableUntil: Submission.revisableUntil(inv),
          timezone: Customer.zoneOf(customer),
          editUrl: `/s/${c.req.param("token")}`,
          ...(next ? { next } : {}),
          concernUrl: concernPath(inv),
        }),
      );
    } catch (error) {
      return errorPage(c, error, localeOf(c, undefined));
    }
  })
  .post(
    "/:token",
    describe({
      operationId: "submitForm",
      summary: "Submit a form (report card, lost-deal card or onboarding)",
      description:
        "Counted at most once per invitation under any concurrency. Within 7 days of the first submission a new submission revises the answers (the aggregates move exactly). Report card: {ratings: {<behaviour>: 1-5 | \"na\"} (any subset of the behaviours, at least one), improve?, aboutMe?, shareName?, contactOk?}; without contactOk a poor card opens an anonymous recovery case. Lost-deal card: {ratings? (any subset), chooseUs? (\"What would have made you choose us?\"), shareName?} (no contactOk: nobody contacts a lost deal's customer about their card), a rating or chooseUs at least; it never opens a recovery case. Onboarding: {channel, contact?, timezone, bestHours?, cadence, responseTime, emergencyContact?, onTimeMeans?, interests?, personalInterests?, idealExperience?}; contact must fit the channel (phone and text: a phone number, stored in E.164, a local number read in the country of the time zone; email: an address, or none for the one invited; video: an https link or an address). This documents JSON callers (`Content-Type: application/json`); the form page posts an HTML form with its CSRF value and is answered with HTML and redirects.",
      tags: ["Customer forms"],
      security: ["public"],
      params: v.object({ token: TokenSchema }),
      body: { schema: [ReportCardAnswers, LostDealAnswers, onboardingAnswers], required: true },
      responses: {
        200: { description: "Recorded, revised, or unchanged", schema: Submitted },
        400: "Invalid answers (`error.fields` names each), or a body that is not JSON",
        404: "Unknown link",
        409: "Answers can no longer be changed",
        410: "Expired link",
      },
    }),
    async (c) => {
      const json = wantsJson(c);
      const token = c.req.param("token");
      let inv: InvitationRecord | undefined;
      let body: unknown;
      try {
        inv = await invitationFor(c);
        body = json ? await c.req.json().catch(() => Promise.reject(new VisibleError("input", "malformed_request", "The body is not valid JSON."))) : formToObject(await readForm(c, token, { all: true }));
        const tap = json ? undefined : v.safeParse(TapSchema, body);
        const submitted = await Submission.submit(inv, body, tap?.success ? { tapped: tap.output.ratings } : {});
        if (json) return c.json(Submission.resultOf(submitted));
        return c.redirect(tap?.success ? `/s/${token}?saved=tap` : `/s/${token}/thanks?outcome=${submitted.outcome}`, 303);
      } catch (error) {
        if (json) throw error;
        return notSubmittedPage(c, inv, body, error);
      }
    },
  );
