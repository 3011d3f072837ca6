import { Hono, type Context } from "hono";
import * as v from "valibot";
import { config } from "@rapport/core/config";
import { Customer } from "@rapport/core/customer/index";
import { VisibleError } from "@rapport/core/error";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Response as Answers, REVISION_DAYS } from "@rapport/core/response/index";
import { cadences, channels, interestChoices, OnboardingSchema, responseTimes, Survey } from "@rapport/core/survey/index";
import type { OnboardingPageProps, FieldErrors } from "@rapport/web/pages/index";
import { pages } from "./pages.ts";
import type { AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { brand, csrfFor, errorPage, fieldsOf, formToObject, readForm, wantsJson } from "./customer-pages.ts";

const TokenSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{40,60}$/, "is not a valid link"));
export const SurveyQuerySchema = v.object({ score: v.optional(v.picklist(["1", "2", "3", "4", "5"], "must be a rating from 1 to 5")) });

const DAY = 86_400_000;
const channelLabels: Record<string, string> = { email: "Email", phone: "Phone call", text: "Text message", video: "Video call" };
const cadenceLabels: Record<string, string> = {
  daily: "Daily",
  weekly: "Weekly",
  biweekly: "Every two weeks",
  monthly: "Monthly",
  "as-needed": "Only when something needs me",
};
const responseTimeLabels: Record<string, string> = { "1h": "Within 1 hour", "4h": "Within 4 hours", "same-day": "The same business day", "24h": "Within 24 hours" };
const timezones = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    return ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Tokyo"];
  }
})();

const revisableUntil = (inv: InvitationRecord) => new Date(new Date(inv.answeredAt!).getTime() + REVISION_DAYS * DAY).toISOString();
const firstName = (name: string) => name.split(/\s+/)[0] ?? name;

/** The zone a customer reads times in: the one from their onboarding answers, else the organization's. */
function customerZone(customer: Customer | undefined): string {
  const zone = (customer as (Customer & { preferences?: { timezone?: unknown } }) | undefined)?.preferences?.timezone;
  return typeof zone === "string" && zone ? zone : config().timezone;
}

async function invitationFor(c: Context): Promise<InvitationRecord> {
  const token = v.safeParse(TokenSchema, c.req.param("token"));
  if (!token.success) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  return Answers.open(token.output);
}

function reportCardValues(inv: InvitationRecord, posted: Record<string, unknown> | undefined, score: string | undefined, aboutMe: string | undefined) {
  const source = (posted ?? inv.answers ?? {}) as { ratings?: Record<string, unknown>; improve?: string; aboutMe?: string; shareName?: unknown };
  const ratings: Record<string, string> = {};
  for (const [k, r] of Object.entries(source.ratings ?? {})) ratings[k] = String(r);
  const first = Survey.behavioursOf(inv)[0]?.id;
  if (score && first) ratings[first] = score;
  const share = source.shareName;
  return {
    ratings,
    improve: typeof source.improve === "string" ? source.improve : "",
    aboutMe: typeof source.aboutMe === "string" ? source.aboutMe : (aboutMe ?? ""),
    shareName: share === true || share === "on" || share === "true",
  };
}

function onboardingValues(inv: InvitationRecord, customer: Customer | undefined, posted: Record<string, unknown> | undefined): OnboardingPageProps["values"] {
  const known = (posted ?? inv.answers ?? (customer as Customer & { preferences?: Record<string, unknown> })?.preferences ?? {}) as Record<string, unknown>;
  const text = (key: string, fallback = "") => (typeof known[key] === "string" ? (known[key] as string) : fallback);
  const channel = text("channel", "email");
  return {
    channel,
    contact: text("contact", channel === "email" ? (customer?.email ?? inv.email) : ""),
    timezone: text("timezone", "UTC"),
    bestHours: text("bestHours"),
    cadence: text("cadence"),
    responseTime: text("responseTime"),
    emergencyContact: text("emergencyContact"),
    onTimeMeans: text("onTimeMeans"),
    interests: Array.isArray(known.interests) ? (known.interests as string[]) : typeof known.interests === "string" ? [known.interests] : [],
    personalInterests: text("personalInterests"),
    idealExperience: text("idealExperience"),
  };
}

async function formPage(c: Context, inv: InvitationRecord, customer: Customer | undefined, options: { posted?: Record<string, unknown>; errors?: FieldErrors; score?: string; status?: number }) {
  const token = c.req.param("token")!;
  const state = Answers.stateOf(inv) === "revisable" ? ("revisable" as const) : ("open" as const);
  const common = {
    ...brand(),
    action: `/s/${token}`,
    csrf: csrfFor(token),
    repName: inv.repName,
    customerFirstName: firstName(inv.customerName),
    errors: options.errors ?? {},
    state,
    timezone: customerZone(customer),
    ...(inv.answeredAt ? { answeredAt: inv.answeredAt, revisableUntil: revisableUntil(inv) } : {}),
  };
  const status = (options.status ?? 200) as 200;
  if (inv.kind === "report-card") {
    const aboutMe = (customer as Customer & { aboutMe?: string } | undefined)?.aboutMe;
    return c.html(
      (await pages()).renderReportCardPage({ ...common, behaviours: Survey.behavioursOf(inv), values: reportCardValues(inv, options.posted, options.score, aboutMe) }),
      status,
    );
  }
  return c.html(
    (await pages()).renderOnboardingPage({
      ...common,
      values: onboardingValues(inv, customer, options.posted),
      choices: {
        channels: channels.map((value) => ({ value, label: channelLabels[value]! })),
        cadences: cadences.map((value) => ({ value, label: cadenceLabels[value]! })),
        responseTimes: responseTimes.map((value) => ({ value, label: responseTimeLabels[value]! })),
        interests: [...interestChoices],
        timezones,
      },
    }),
    status,
  );
}

function summaryOf(inv: InvitationRecord): { question: string; answer: string }[] {
  const answers = (inv.answers ?? {}) as Record<string, unknown>;
  if (inv.kind === "report-card") {
    const ratings = (answers.ratings ?? {}) as Record<string, unknown>;
    const rows = Survey.behavioursOf(inv).map((b) => ({
      question: `${inv.repName} ${b.label.charAt(0).toLowerCase()}${b.label.slice(1)}`,
      answer: ratings[b.id] === "na" ? "Not applicable" : `${String(ratings[b.id])} out of 5`,
    }));
    if (answers.improve) rows.push({ question: `What could ${inv.repName} do better?`, answer: String(answers.improve) });
    if (answers.aboutMe) rows.push({ question: `Anything you'd like ${inv.repName} to know about you?`, answer: String(answers.aboutMe) });
    rows.push({ question: `Share my name with ${inv.repName}`, answer: answers.shareName ? "Yes" : "No" });
    return rows;
  }
  const rows: { question: string; answer: string }[] = [];
  const add = (question: string, value: unknown, labels?: Record<string, string>) => {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return;
    rows.push({ question, answer: Array.isArray(value) ? value.join(", ") : (labels?.[String(value)] ?? String(value)) });
  };
  add("Preferred channel", answers.channel, channelLabels);
  add("Contact", answers.contact);
  add("Time zone", answers.timezone);
  add("Best days and hours", answers.bestHours);
  add("Updates", answers.cadence, cadenceLabels);
  add("Expected response time", answers.responseTime, responseTimeLabels);
  add("Emergency contact", answers.emergencyContact);
  add("What on time means", answers.onTimeMeans);
  add("What matters to you", answers.interests);
  add("Personal interests", answers.personalInterests);
  add("Your ideal buying experience", answers.idealExperience);
  return rows;
}

async function receivedPage(c: Context, inv: InvitationRecord) {
  const timezone = customerZone(await Customer.get(inv.customerId));
  return c.html((await pages()).renderReceivedPage({ ...brand(), kind: inv.kind, repName: inv.repName, answeredAt: inv.answeredAt!, timezone, summary: summaryOf(inv) }));
}

export const survey = new Hono<AppEnv>()
  .get("/:token", async (c) => {
    try {
      const inv = await invitationFor(c);
      const query = v.safeParse(SurveyQuerySchema, c.req.query());
      if (!query.success) throw new VisibleError("input", "invalid_score", "The rating in this link is not one we sent. Please choose it on the form.", fieldsOf(query.issues));
      if (Answers.stateOf(inv) === "final") return receivedPage(c, inv);
      // Opening the page records only that it was opened: mail scanners fetch every link first.
      const [, customer] = await Promise.all([Invitation.markOpened(inv), Customer.get(inv.customerId)]);
      return formPage(c, inv, customer, query.output.score ? { score: query.output.score } : {});
    } catch (error) {
      return errorPage(c, error);
    }
  })
  .get("/:token/thanks", async (c) => {
    try {
      const inv = await invitationFor(c);
      if (!inv.answeredAt) return c.redirect(`/s/${c.req.param("token")}`, 303);
      const outcome = v.safeParse(v.picklist(["recorded", "revised", "unchanged"]), c.req.query("outcome"));
      const customer = await Customer.get(inv.customerId);
      return c.html(
        (await pages()).renderThankYouPage({
          ...brand(),
          kind: inv.kind,
          repName: inv.repName,
          outcome: outcome.success ? outcome.output : "recorded",
          answeredAt: inv.answeredAt,
          revisableUntil: revisableUntil(inv),
          timezone: customerZone(customer),
          editUrl: `/s/${c.req.param("token")}`,
        }),
      );
    } catch (error) {
      return errorPage(c, error);
    }
  })
  .post(
    "/:token",
    describe({
      summary: "Submit a form (report card or onboarding), as JSON or an HTML form post",
      description:
        "Counted at most once per invitation under any concurrency. Within 7 days of the first submission a new submission revises the answers (the aggregates move exactly). Report card: {ratings: {<behaviour>: 1-5 | \"na\"}, improve?, aboutMe?, shareName?}. Onboarding: {channel, contact?, timezone, bestHours?, cadence, responseTime, emergencyContact?, onTimeMeans?, interests?, personalInterests?, idealExperience?}.",
      tags: ["Customer forms"],
      security: ["public"],
      responses: {
        200: { description: "Recorded, revised, or unchanged", schema: v.object({ invitationId: v.string(), kind: v.string(), outcome: v.string(), answeredAt: v.string(), revisableUntil: v.string() }) },
        400: "Invalid answers (fields named)",
        404: "Unknown link",
        409: "Answers can no longer be changed",
        410: "Expired link",
      },
    }),
    async (c) => {
      const json = wantsJson(c);
      try {
        const inv = await invitationFor(c);
        let raw: unknown;
        if (json) {
          raw = await c.req.json().catch(() => {
            throw new VisibleError("input", "malformed_request", "The body is not valid JSON.");
          });
        } else {
          raw = formToObject(await readForm(c, c.req.param("token"), { all: true }));
        }
        if (Answers.stateOf(inv) === "final") {
          if (!json) return receivedPage(c, inv);
          throw new VisibleError("conflict", "already_final", "Your answers were received and can no longer be changed.");
        }
        const schema = inv.kind === "report-card" ? Survey.reportCardSchema({ behaviours: Survey.behavioursOf(inv) }) : OnboardingSchema;
        const parsed = v.safeParse(schema, raw);
        if (!parsed.success) {
          const fields = fieldsOf(parsed.issues);
          if (json) throw new VisibleError("input", "invalid_input", `Invalid ${Object.keys(fields).join(", ")}.`, fields);
          const customer = await Customer.get(inv.customerId);
          return formPage(c, inv, customer, { posted: raw as Record<string, unknown>, errors: fields, status: 400 });
        }
        const result =
          inv.kind === "report-card"
            ? await Answers.submitReportCard(inv, parsed.output as Parameters<typeof Answers.submitReportCard>[1])
            : await Answers.submitOnboarding(inv, parsed.output as Parameters<typeof Answers.submitOnboarding>[1]);
        const answered = result.invitation;
        if (json) {
          return c.json({ invitationId: answered.id, kind: answered.kind, outcome: result.outcome, answeredAt: answered.answeredAt!, revisableUntil: revisableUntil(answered) });
        }
        return c.redirect(`/s/${c.req.param("token")}/thanks?outcome=${result.outcome}`, 303);
      } catch (error) {
        if (json) throw error;
        return errorPage(c, error);
      }
    },
  );
