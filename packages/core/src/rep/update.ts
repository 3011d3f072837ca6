/** Editing a rep: a partial change, deactivation and reactivation, and following their team's changes. */
import * as v from "valibot";
import { batchGet, tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { EmailSchema, IdSchema, NameSchema, ShortTextSchema, TimeZoneSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { handOver } from "../followup/handover.ts";
import { Team, type Team as TeamRecord } from "../team/index.ts";
import { atVersion, checkIfMatch, crossed, versionOf } from "../version.ts";
import { item, managedItem, mustGet, type Rep } from "./index.ts";
import { teamFor, teamItems } from "./team.ts";
import { repKeys } from "./keys.ts";

const cleared = (description: string) => v.pipe(v.null_(), v.description(description));

export const RepPatchSchema = v.strictObject({
  name: v.optional(NameSchema),
  email: v.optional(v.pipe(EmailSchema, v.description("A new sign-in address: 409 when another rep has it."))),
  teamId: v.optional(v.union([IdSchema("team"), cleared("null: the rep leaves their team (keeping its name and manager until changed).")], "must be a team id or null")),
  managerEmail: v.optional(v.union([EmailSchema, cleared("null: no manager.")], "must be an email address or null")),
  team: v.optional(v.union([ShortTextSchema, cleared("null: no team name.")], "must be a text or null")),
  timezone: v.optional(v.union([TimeZoneSchema, cleared("null: the organisation's time zone.")], "must be an IANA time zone or null")),
  active: v.optional(v.pipe(v.boolean("must be true or false"), v.description("false deactivates the rep (as DELETE does), true reactivates them."))),
});
export type RepPatch = v.InferOutput<typeof RepPatchSchema>;

const actionOf = (before: Rep, after: Rep) => (before.active === after.active ? "rep.update" : after.active ? "rep.reactivate" : "rep.deactivate");

/**
 * Applies a partial edit to a rep in one transaction with its email lock, their manager's team item, their
 * team's member item and the audit entry. With `ifMatch` (the If-Match versions) a stale edit is 412;
 * without it the write is still conditional on the version read (409 if another edit crossed it). An
 * email another rep has is 409. Deactivating hands the rep's open recovery cases to their manager.
 */
export async function patch(id: string, changes: RepPatch, actor: Actor, ifMatch?: number[]): Promise<Rep> {
  const before = await mustGet(id);
  checkIfMatch(before, ifMatch, "rep");
  const joining = typeof changes.teamId === "string" && changes.teamId !== before.teamId;
  const team = joining ? await teamFor(changes) : undefined;
  const teamed = before.teamId !== undefined && changes.teamId !== null && !joining;
  if (teamed && (changes.team !== undefined || changes.managerEmail !== undefined)) {
    const fields = Object.fromEntries((["team", "managerEmail"] as const).filter((f) => changes[f] !== undefined).map((f) => [f, "is set by the rep's team: change the team, or send teamId: null first"]));
    throw new VisibleError("input", "invalid_input", "A rep's team name and manager come from its team.", fields);
  }
  const after: Rep = { ...before };
  for (const field of ["name", "email", "managerEmail", "team", "timezone", "active"] as const) {
    const value = changes[field];
    if (value === null) delete after[field as "managerEmail"];
    else if (value !== undefined) (after as Record<string, unknown>)[field] = value;
  }
  if (changes.teamId === null) delete after.teamId;
  if (team) Object.assign(after, { teamId: team.id, team: team.name, managerEmail: team.managerEmail });
  if (after.active && !before.active) delete after.deactivatedAt;
  if (!after.active && before.active) after.deactivatedAt = now().toISOString();
  const fields = ["name", "email", "managerEmail", "team", "timezone", "active", "teamId"] as const;
  if (fields.every((f) => after[f] === before[f])) return before;
  after.version = versionOf(before) + 1;
  after.updatedAt = now().toISOString();
  const items: TransactItem[] = [
    { Put: { TableName: tableName(), Item: item(after), ...atVersion(before) } },
    ...emailItems(before, after),
    ...managerItems(before, after),
    Audit.record(actor, actionOf(before, after), id, { before, after }),
    ...(changes.teamId === null ? teamItems(id, before.teamId, undefined) : team ? teamItems(id, before.teamId, team) : []),
  ];
  await transact(items, (reasons) => {
    if (reasons[0] === "ConditionalCheckFailed") crossed("rep", ifMatch);
    if (after.email !== before.email && reasons[2] === "ConditionalCheckFailed") {
      throw new VisibleError("conflict", "duplicate_email", `A rep with the email ${after.email} already exists.`, { email: "is already used by another rep" });
    }
    throw new VisibleError("conflict", "team_changed", "The team changed while the rep was being saved; try again.");
  });
  if (!after.active) await handOver(id, after.managerEmail, actor);
  return after;
}

/** The writes that move the rep's email lock to a new address (the new one must be free). */
function emailItems(before: Rep, after: Rep): TransactItem[] {
  if (after.email === before.email) return [];
  return [
    { Delete: { TableName: tableName(), Key: repKeys.email(before.email), ConditionExpression: "repId = :id", ExpressionAttributeValues: { ":id": before.id } } },
    { Put: { TableName: tableName(), Item: { ...repKeys.email(after.email), type: "rep-email", repId: after.id }, ConditionExpression: "attribute_not_exists(pk)" } },
  ];
}

/** The writes that move the rep's team item from their old manager to their new one. */
function managerItems(before: Rep, after: Rep): TransactItem[] {
  if (after.managerEmail === before.managerEmail) return [];
  return [
    ...(before.managerEmail ? [{ Delete: { TableName: tableName(), Key: repKeys.managed(before.managerEmail, before.id) } }] : []),
    ...(after.managerEmail ? [managedItem(after)] : []),
  ];
}

/**
 * Deactivates a rep (DELETE): they keep their history, scores and snapshots, get no new invitations or
 * follow-ups, and their open recovery cases go to their manager. Idempotent: a second call changes nothing
 * but hands over any case left behind.
 */
export async function deactivate(id: string, actor: Actor): Promise<Rep> {
  const rep = await mustGet(id);
  if (!rep.active) {
    await handOver(id, rep.managerEmail, actor);
    return rep;
  }
  return patch(id, { active: false }, actor);
}

/** Reps moved per transaction when a team changes: 3 writes each (the rep, and their manager's old and new team items). */
const REPS_PER_TRANSACTION = 30;

/**
 * Brings the team's reps in line with it (its name and manager), 30 reps to a transaction, each conditional
 * on the rep's version; a rep edited meanwhile is read again and retried. Idempotent: reps already in line
 * are left alone, so running it again after a failure finishes the rest. Answers how many reps changed.
 */
export async function followTeam(team: TeamRecord, actor: Actor): Promise<number> {
  let moved = 0;
  for (let round = 0; round < 5; round++) {
    const ids = await Team.memberIds(team.id);
    const reps = (await batchGet<Rep>(ids.map((repId) => repKeys.rep(repId)))).filter((r) => r.teamId === team.id && (r.team !== team.name || r.managerEmail !== team.managerEmail));
    if (!reps.length) return moved;
    let crossedAny = false;
    for (let i = 0; i < reps.length; i += REPS_PER_TRANSACTION) {
      const chunk = reps.slice(i, i + REPS_PER_TRANSACTION);
      const at = now().toISOString();
      const items = chunk.flatMap((before) => {
        const after: Rep = { ...(strip(before) as Rep), team: team.name, managerEmail: team.managerEmail, version: versionOf(before) + 1, updatedAt: at };
        return [{ Put: { TableName: tableName(), Item: item(after), ...atVersion(before) } }, ...managerItems(before, after)];
      });
      const ok = await transact([...items, Audit.record(actor, "team.reps-follow", team.id, { repIds: chunk.map((r) => r.id), team: team.name, managerEmail: team.managerEmail })], () => {
        throw new Retry();
      }).then(
        () => true,
        (error: unknown) => {
          if (error instanceof Retry) return false;
          throw error;
        },
      );
      if (ok) moved += chunk.length;
      else crossedAny = true;
    }
    if (!crossedAny) return moved;
  }
  throw new VisibleError("conflict", "concurrent_update", "The team's reps kept changing while they were being moved; send the change again.");
}

class Retry extends Error {}

/** The stored keys and type off a rep item read back. */
function strip(raw: Rep): Rep {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, ...rest } = raw as Rep & Record<string, unknown>;
  return rest as Rep;
}
