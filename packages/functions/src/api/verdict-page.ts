import { Hono, type Context } from "hono";
import * as v from "valibot";
import { Customer } from "@rapport/core/customer/index";
import { VisibleError } from "@rapport/core/error";
import { SIGNED_TOKEN } from "@rapport/core/link/index";
import { concernUrl } from "@rapport/core/concern/link";
import { FollowUp } from "@rapport/core/followup/index";
import { Answer, type QuestionState } from "@rapport/core/followup/answer";
import type { VerdictNext, VerdictPageProps } from "@rapport/web/pages/index";
import { pages } from "./pages.ts";
import type { AppEnv } from "./auth.ts";
import { brand, csrfFor, errorPage, fieldsOf, localeFor, readForm } from "./customer-pages.ts";
import { LinkRetired } from "@rapport/core/customer/retired-link";
import { retiredPage } from "./retired-link.ts";

type FollowUpRecord = NonNullable<Awaited<ReturnType<typeof FollowUp.get>>>;
type Opened = Awaited<ReturnType<typeof Answer.open>>;

const TokenSchema = v.pipe(v.string(), v.maxLength(120), v.regex(SIGNED_TOKEN));
const QuerySchema = v.object({ score: v.optional(v.picklist(["1", "2", "3", "4", "5"])), done: v.optional(v.literal("1")) });

function tokenOf(c: Context): string {
  const token = v.safeParse(TokenSchema, c.req.param("token"));
  if (!token.success) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  return token.output;
}


/** What the customer's answer set in motion, read from the follow-up as it is now. */
async function nextOf(f: FollowUpRecord): Promise<VerdictNext> {
  if (f.kind === "recovery") return f.verdict === "not-recovered" ? { outcome: "reopened", dueAt: f.dueAt } : { outcome: "recovered" };
  const opened = f.openedCaseId ? await FollowUp.get(f.openedCaseId) : undefined;
  return opened ? { outcome: "new-case", dueAt: opened.dueAt } : { outcome: "fine" };
}

type Shown = VerdictPageProps["state"];

/** The page for a follow-up's question in `state`, with what the customer posted when it was refused. */
async function render(c: Context, token: string, { followUp: f, customer }: Opened, state: Shown, extra: Partial<VerdictPageProps> = {}, status = 200) {
  const answered = state === "answered" || state === "thanks";
  // The zone and language of the follow-up's customer (the organization's, and Accept-Language, when it names nobody).
  return c.html(
    (await pages()).renderVerdictPage({
      ...brand(localeFor(c, customer?.language)),
      kind: f.kind === "recovery" ? "verdict" : "check-in",
      state,
      action: `/r/${token}`,
      csrf: csrfFor(`r:${token}`),
      repName: f.repName,
      timezone: Customer.zoneOf(customer),
      // An anonymised follow-up (consent withdrawn) names nobody to link a concern to.
      ...(f.customerId ? { concernUrl: concernUrl(f.customerId) } : {}),
      ...(answered && f.answer ? { answer: { rating: f.answer.rating, at: f.answer.at }, next: await nextOf(f) } : {}),
      ...extra,
    }),
    status as 200,
  );
}

/** A question that takes no answer: answered (409 to a post), closed or replaced (410). */
const statusOf = (state: QuestionState, posted: boolean) => (state === "closed" || state === "replaced" ? 410 : state === "answered" && posted ? 409 : 200);

export const verdictPage = new Hono<AppEnv>()
  .get("/:token", async (c) => {
    try {
      const token = tokenOf(c);
      // Opening the page records nothing: mail scanners open every link first.
      const opened = await Answer.open(token);
      const { state } = opened;
      const query = v.safeParse(QuerySchema, c.req.query());
      const q = query.success ? query.output : {};
      const shown: Shown = state === "answered" && q.done ? "thanks" : state;
      return await render(c, token, opened, shown, state === "open" && q.score ? { rating: q.score } : {}, statusOf(state, false));
    } catch (error) {
      if (error instanceof LinkRetired) return retiredPage(c, error);
      return errorPage(c, error, localeFor(c));
    }
  })
  .post("/:token", async (c) => {
    try {
      const token = tokenOf(c);
      await Answer.open(token);
      const form = await readForm(c, `r:${token}`);
      const parsed = v.safeParse(Answer.AnswerSchema, form);
      if (!parsed.success) {
        const opened = await Answer.open(token);
        const { state } = opened;
        if (state !== "open") return await render(c, token, opened, state, {}, statusOf(state, true));
        const fields = fieldsOf(parsed.issues);
        const field = fields.rating ? "rating" : "comment";
        const message = field === "rating" ? "Choose a rating from 1 to 5." : (fields.comment ?? "is not valid");
        const posted = { ...(typeof form.rating === "string" ? { rating: form.rating } : {}), ...(typeof form.comment === "string" ? { comment: form.comment } : {}) };
        return await render(c, token, opened, "open", { ...posted, error: { field, message } }, 400);
      }
      await Answer.answer(token, parsed.output);
      return c.redirect(`/r/${token}?done=1`, 303);
    } catch (error) {
      if (error instanceof VisibleError && ["already_answered", "question_closed", "question_replaced"].includes(error.code)) {
        const opened = await Answer.open(c.req.param("token")!);
        return render(c, c.req.param("token")!, opened, opened.state, {}, statusOf(opened.state, true));
      }
      if (error instanceof LinkRetired) return retiredPage(c, error);
      return errorPage(c, error, localeFor(c));
    }
  });
