import type { Hono } from "hono";
import type { AppEnv } from "./auth.ts";

type Group = Hono<AppEnv>;

/**
 * Every route group the app serves and the path it is mounted at, in matching order. Each group's module
 * loads on the first request under its path (app.ts), so a Lambda's cold start loads Hono and this table,
 * not the AWS SDK, the pages or any route it is not asked for. Two groups may share a path.
 */
export const routeGroups: [prefix: string, load: () => Promise<Group>][] = [
  ["/health", () => import("./health.ts").then((m) => m.health)],
  ["/v1/reps", () => import("./reps.ts").then((m) => m.reps)],
  ["/v1/reps", () => import("./scorecards.ts").then((m) => m.repScorecards)],
  ["/v1/teams", () => import("./teams.ts").then((m) => m.teams)],
  ["/v1/customers", () => import("./customers.ts").then((m) => m.customers)],
  ["/v1/customers", () => import("./profiles.ts").then((m) => m.profiles)],
  ["/v1/customers", () => import("./customer-data.ts").then((m) => m.customerData)],
  ["/v1/responses", () => import("./responses.ts").then((m) => m.responses)],
  ["/v1/api-keys", () => import("./api-keys.ts").then((m) => m.apiKeys)],
  ["/v1/admins", () => import("./admins.ts").then((m) => m.admins)],
  ["/v1/audit", () => import("./audit.ts").then((m) => m.audit)],
  ["/v1/invitations", () => import("./invitations.ts").then((m) => m.invitations)],
  ["/v1/campaigns", () => import("./campaigns.ts").then((m) => m.campaigns)],
  ["/v1/events", () => import("./events.ts").then((m) => m.events)],
  ["/v1/webhooks", () => import("./webhooks.ts").then((m) => m.webhooks)],
  ["/v1/jobs", () => import("./jobs.ts").then((m) => m.jobs)],
  ["/v1/ses/notifications", () => import("./ses-events.ts").then((m) => m.sesEvents)],
  ["/s", () => import("./survey.ts").then((m) => m.survey)],
  ["/u", () => import("./unsubscribe.ts").then((m) => m.unsubscribe)],
  ["/p", () => import("./profile-page.ts").then((m) => m.profilePage)],
  ["/c", () => import("./concern-page.ts").then((m) => m.concernPage)],
  ["/r", () => import("./verdict-page.ts").then((m) => m.verdictPage)],
  ["/v1/me", () => import("./scorecards.ts").then((m) => m.me)],
  ["/v1/plans", () => import("./plans.ts").then((m) => m.plans)],
  ["/v1/surveys", () => import("./surveys.ts").then((m) => m.surveys)],
  ["/v1/bonus-inputs", () => import("./bonus.ts").then((m) => m.bonusInputs)],
  ["/v1/periods", () => import("./periods.ts").then((m) => m.periods)],
  ["/v1/flags", () => import("./flags.ts").then((m) => m.flags)],
  ["/v1/follow-ups", () => import("./follow-ups.ts").then((m) => m.followUps)],
  ["/v1/insights", () => import("./follow-ups.ts").then((m) => m.insights)],
  ["/v1/insights", () => import("./lost-deals.ts").then((m) => m.lostDeals)],
  ["/v1/recovery-plan", () => import("./follow-ups.ts").then((m) => m.recoveryPlan)],
  ["/auth", () => import("./sign-in.ts").then((m) => m.signIn)],
  ["/dashboard", () => import("./dashboard.ts").then((m) => m.dashboard)],
  ["/dashboard", () => import("./secrets-manual.ts").then((m) => m.secretsManual)],
  // Before "/admin": the first group whose path matches serves the request.
  ["/admin/webhooks", () => import("./admin-webhooks.ts").then((m) => m.adminWebhookPages)],
  ["/admin", () => import("./admin-pages.ts").then((m) => m.adminPages)],
  ["/admin", () => import("./admin-key-pages.ts").then((m) => m.adminKeyPages)],
  ["/admin", () => import("./admin-log-pages.ts").then((m) => m.adminLogPages)],
  ["/admin", () => import("./admin-people.ts").then((m) => m.adminPeople)],
  ["/admin", () => import("./admin-customer-pages.ts").then((m) => m.adminCustomerPages)],
  ["/admin", () => import("./admin-import-pages.ts").then((m) => m.adminImportPages)],
];
