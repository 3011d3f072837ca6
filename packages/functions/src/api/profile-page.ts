import { Hono, type Context } from "hono";
import * as v from "valibot";
import { config } from "@rapport/core/config";
import { VisibleError } from "@rapport/core/error";
import { Profile, type ProfileData } from "@rapport/core/profile/index";
import { concernToken } from "@rapport/core/concern/link";
import { pages } from "./pages.ts";
import type { AppEnv } from "./auth.ts";
import { messagesFor } from "@rapport/core/i18n/index";
import { brand, csrfFor, errorPage, localeFor, readForm } from "./customer-pages.ts";
import { LinkRetired } from "@rapport/core/customer/retired-link";
import { retiredPage } from "./retired-link.ts";

const TokenSchema = v.pipe(v.string(), v.maxLength(120), v.regex(Profile.LINK_TOKEN));
const PageQuerySchema = v.object({ done: v.optional(v.picklist(["deleted", "withdrawn"])) });
const DeleteSchema = v.object({ item: v.pipe(v.string(), v.maxLength(60)) });

/** The customer a link opens (404 unknown, 410 expired or erased), and the token for the page's own links. */
async function linked(c: Context): Promise<{ token: string; customerId: string }> {
  const token = v.safeParse(TokenSchema, c.req.param("token"));
  if (!token.success) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  const customerId = await Profile.customerOfLink(token.output);
  return { token: token.output, customerId };
}

/** An unknown or expired link answers a page that says what to do, never a 500. */
async function linkError(c: Context, error: unknown): Promise<Response> {
  if (error instanceof LinkRetired) return retiredPage(c, error);
  const locale = localeFor(c);
  if (error instanceof VisibleError && (error.status === 404 || error.status === 410)) {
    const t = messagesFor(locale).errors;
    const gone = error.status === 410;
    return c.html(
      (await pages()).renderMessagePage({ ...brand(locale), status: error.status, title: t.titles[error.status], message: gone ? t.profileExpired : t.notFound }),
      error.status,
    );
  }
  return errorPage(c, error, locale);
}

/** The zone a customer reads times in: their onboarding answers', else the organization's. */
const zoneOf = (data: ProfileData) => data.preferences?.timezone ?? config().timezone;

async function render(c: Context, token: string, data: ProfileData, notice?: "deleted" | "withdrawn", withdrawUnticked?: boolean) {
  const { onboardingSummary } = await import("./onboarding-form.ts");
  const c0 = data.customer;
  const locale = localeFor(c, c0.language);
  const withdrawError = withdrawUnticked ? messagesFor(locale).profile.tickToConfirm : undefined;
  return c.html(
    (await pages()).renderCustomerProfilePage({
      ...brand(locale),
      deleteAction: `/p/${token}/delete`,
      withdrawAction: `/p/${token}/withdraw`,
      csrf: csrfFor(`p:${token}`),
      timezone: zoneOf(data),
      contact: { name: c0.name, email: c0.email, company: c0.company },
      preferences: data.preferences ? onboardingSummary(data.preferences, locale) : [],
      shared: data.shared.map((e) => ({ id: e.id, field: e.field, text: e.text, interests: e.interests, source: e.source, at: e.at })),
      notes: data.notes.map((n) => ({ id: n.id, text: n.text, at: n.at, author: n.author.name })),
      consentWithdrawnAt: c0.consentWithdrawnAt,
      notice,
      withdrawError,
      concernUrl: `/c/${concernToken(c0.id)}`,
    }),
    withdrawError ? 400 : 200,
  );
}

export const profilePage = new Hono<AppEnv>()
  .get("/:token", async (c) => {
    try {
      const { token, customerId } = await linked(c);
      const query = v.safeParse(PageQuerySchema, c.req.query());
      return await render(c, token, await Profile.read(customerId), query.success ? query.output.done : undefined);
    } catch (error) {
      return linkError(c, error);
    }
  })
  .post("/:token/delete", async (c) => {
    try {
      const { token, customerId } = await linked(c);
      const form = v.safeParse(DeleteSchema, await readForm(c, `p:${token}`));
      if (!form.success) throw new VisibleError("input", "invalid_item", "Choose an item to delete from the page.");
      // An item already gone (a second press, another tab) is what the customer asked for.
      await Profile.deleteItem(customerId, form.output.item).catch((error: unknown) => {
        if (!(error instanceof VisibleError && error.code === "item_not_found")) throw error;
      });
      return c.redirect(`/p/${token}?done=deleted`, 303);
    } catch (error) {
      return linkError(c, error);
    }
  })
  .post("/:token/withdraw", async (c) => {
    try {
      const { token, customerId } = await linked(c);
      const form = await readForm(c, `p:${token}`);
      // Everything goes at once and cannot be undone: the box must be ticked (browsers ask first; this is for the rest).
      if (form.confirm !== "yes") return await render(c, token, await Profile.read(customerId), undefined, true);
      await Profile.withdrawConsent(customerId);
      return c.redirect(`/p/${token}?done=withdrawn`, 303);
    } catch (error) {
      return linkError(c, error);
    }
  });
