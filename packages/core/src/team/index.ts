import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryAll, queryMatching, strip, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { config } from "../config.ts";
import { createId } from "../id.ts";
import { VisibleError } from "../error.ts";
import { EmailSchema, NameSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { atVersion, checkIfMatch, crossed, versionOf } from "../version.ts";
import { checkUrl } from "../outbound/guard.ts";
import { teamKeys } from "./keys.ts";

/** Stages where a developer's or a test's receiver on the loopback address may stand in for Slack. */
const LOOPBACK_STAGES = ["local", "test"];

/**
 * A Slack incoming-webhook URL, by its syntax: https (on the local and test stages also
 * `http://127.0.0.1:<port>/…`), no credentials in it. Where it resolves to is checked by the SSRF guard
 * when a team stores it (create, update) and again when a message is sent.
 */
function slackUrlAllowed(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === "https:") return url.hostname.length > 0;
  return url.protocol === "http:" && url.hostname === "127.0.0.1" && url.port !== "" && LOOPBACK_STAGES.includes(config().stage);
}

export const SlackWebhookUrlSchema = v.pipe(
  v.string("must be a URL"),
  v.trim(),
  v.maxLength(500, "must be at most 500 characters"),
  v.check(slackUrlAllowed, "must be an https URL without credentials (http://127.0.0.1:<port>/… is accepted on the local and test stages only)"),
  v.description("A Slack incoming-webhook URL: case opened, escalated and recovered are posted there. Never shown again in full."),
);

export const TeamSchema = v.strictObject({
  name: NameSchema,
  managerEmail: v.pipe(EmailSchema, v.description("The team's manager: every rep of the team reports to them.")),
  slackWebhookUrl: v.optional(SlackWebhookUrlSchema),
});
export type TeamInput = v.InferOutput<typeof TeamSchema>;

export const TeamPatchSchema = v.strictObject({
  name: v.optional(NameSchema),
  managerEmail: v.optional(v.pipe(EmailSchema, v.description("A new manager: the team's reps (and their open team items) move to them."))),
  slackWebhookUrl: v.optional(v.nullable(SlackWebhookUrlSchema), undefined),
  active: v.optional(v.pipe(v.boolean("must be true or false"), v.description("`true` reactivates a deactivated team."))),
});
export type TeamPatch = v.InferOutput<typeof TeamPatchSchema>;

/** A team as stored (the Slack URL in full: the Slack sender reads it here): what the admin gave, plus the server's id, state and times. */
const TeamRecordSchema = v.object({
  id: v.string(),
  ...TeamSchema.entries,
  active: v.boolean(),
  version: v.pipe(v.number(), v.description("One more at every edit; the ETag is `\"v<version>\"`.")),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type Team = v.InferOutput<typeof TeamRecordSchema>;

/** A team as the API shows it: whether Slack is set and its host, never the secret URL itself. */
export const TeamViewSchema = v.object({
  ...v.omit(TeamRecordSchema, ["slackWebhookUrl"]).entries,
  slack: v.pipe(
    v.object({ configured: v.boolean(), host: v.optional(v.string()) }),
    v.description("Whether a Slack incoming webhook is set, and its host. The URL is a secret: it is never answered."),
  ),
});
export type TeamView = v.InferOutput<typeof TeamViewSchema>;

/** What the API shows of a team. */
export function view(team: Team): TeamView {
  const { slackWebhookUrl, ...rest } = team;
  return { ...rest, slack: slackWebhookUrl ? { configured: true, host: new URL(slackWebhookUrl).hostname } : { configured: false } };
}

export function item(team: Team) {
  return { ...teamKeys.team(team.id), ...teamKeys.list(team.name, team.id), type: "team", ...team };
}

const toTeam = (raw: Record<string, unknown>) => strip(raw) as unknown as Team;

/** Creates a team (its Slack URL through the SSRF guard: 400 naming `slackWebhookUrl`); audited in the same transaction. */
export async function create(input: TeamInput, actor: Actor): Promise<Team> {
  if (input.slackWebhookUrl) await checkUrl(input.slackWebhookUrl, "slackWebhookUrl");
  const at = now().toISOString();
  const team: Team = { id: createId("team"), ...input, active: true, version: 1, createdAt: at, updatedAt: at };
  await transact([
    { Put: { TableName: tableName(), Item: item(team), ConditionExpression: "attribute_not_exists(pk)" } },
    Audit.record(actor, "team.create", team.id, { after: view(team) }),
  ]);
  return team;
}

/** The team with this id, or undefined. */
export async function get(id: string): Promise<Team | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: teamKeys.team(id), ConsistentRead: true }));
  return result.Item ? toTeam(result.Item) : undefined;
}

/** The team with this id, or a 404. */
export async function mustGet(id: string): Promise<Team> {
  const team = await get(id);
  if (!team) throw new VisibleError("not-found", "team_not_found", `No team has the id ${id}.`);
  return team;
}

/** One page of teams by name, optionally only the active or the inactive ones. */
export async function list(options: { limit?: number; cursor?: string; status?: "active" | "inactive" } = {}) {
  const page = await queryMatching<Record<string, unknown>>(
    { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": teamKeys.listPartition } },
    (t) => ({ pk: t.pk, sk: t.sk, gsi1pk: t.gsi1pk, gsi1sk: t.gsi1sk }),
    (t) => options.status === undefined || (options.status === "active") === (t.active !== false),
    { limit: options.limit ?? 100, ...(options.cursor ? { cursor: options.cursor } : {}) },
  );
  return { items: page.items.map(toTeam), ...(page.cursor ? { nextCursor: page.cursor } : {}) };
}

/**
 * Writes an edit of the team (its reps follow in `editTeam`), conditional on the version read: 412 on a
 * stale If-Match, 409 when another edit crossed this one; an edit that changes nothing writes nothing and
 * passes. A Slack URL sent passes the SSRF guard first (400 naming `slackWebhookUrl`). Answers the team before and after.
 */
export async function update(id: string, patch: TeamPatch, actor: Actor, ifMatch?: number[]): Promise<{ before: Team; after: Team }> {
  if (patch.slackWebhookUrl) await checkUrl(patch.slackWebhookUrl, "slackWebhookUrl");
  const before = await mustGet(id);
  const { slackWebhookUrl, ...rest } = patch;
  const after: Team = { ...before, ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) };
  if (slackWebhookUrl === null) delete after.slackWebhookUrl;
  else if (slackWebhookUrl !== undefined) after.slackWebhookUrl = slackWebhookUrl;
  const changed = (["name", "managerEmail", "slackWebhookUrl", "active"] as const).filter((field) => after[field] !== before[field]);
  // Nothing to change: the edit holds already (a retry after its reps' move failed midway), whatever If-Match says.
  if (!changed.length) return { before, after: before };
  checkIfMatch(before, ifMatch, "team");
  after.version = versionOf(before) + 1;
  after.updatedAt = now().toISOString();
  await transact(
    [
      { Put: { TableName: tableName(), Item: item(after), ...atVersion(before) } },
      Audit.record(actor, after.active === before.active ? "team.update" : after.active ? "team.reactivate" : "team.deactivate", id, {
        changed,
        before: view(before),
        after: view(after),
      }),
    ],
    () => crossed("team", ifMatch),
  );
  return { before, after };
}

/** The ids of the team's reps, from its member items. */
export async function memberIds(teamId: string): Promise<string[]> {
  const members = await queryAll<{ repId: string }>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :rep)",
    ExpressionAttributeValues: { ":pk": teamKeys.partition(teamId), ":rep": "REP#" },
    ConsistentRead: true,
  });
  return members.map((m) => m.repId);
}

export const Team = { create, get, mustGet, list, update, memberIds, view };
