import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, db, queryAll, queryPage, strip, tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { config } from "../config.ts";
import { createId } from "../id.ts";
import { VisibleError } from "../error.ts";
import { EmailSchema, IdSchema, NameSchema, ShortTextSchema, TimeZoneSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { atVersion, versionOf } from "../version.ts";
import { teamFor, teamItems } from "./team.ts";
import { repKeys } from "./keys.ts";

export const RepSchema = v.strictObject({
  name: NameSchema,
  email: EmailSchema,
  managerEmail: v.optional(EmailSchema),
  team: v.optional(ShortTextSchema),
  /** Where the rep works: their morning digest goes out at 08:00 here (default: the organisation's). */
  timezone: v.optional(TimeZoneSchema),
  /** The rep's team: its name becomes `team` and its manager `managerEmail` (then send neither). */
  teamId: v.optional(v.pipe(IdSchema("team"), v.description("The rep's team (`POST /v1/teams`): its name and manager become the rep's `team` and `managerEmail`; send neither with it."))),
});
export type RepInput = v.InferOutput<typeof RepSchema>;

/** A rep as stored and served: what the admin gave, plus the server's id, state and times. */
export const RepRecordSchema = v.object({
  id: v.string(),
  ...RepSchema.entries,
  active: v.pipe(v.boolean(), v.description("false once deactivated: no new invitations or follow-ups; history, scores and snapshots stay.")),
  deactivatedAt: v.optional(v.string()),
  version: v.optional(v.pipe(v.number(), v.description("One more at every edit; the ETag is `\"v<version>\"` (absent on reps created before versions: version 0)."))),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type Rep = v.InferOutput<typeof RepRecordSchema>;

export function item(rep: Rep) {
  return { ...repKeys.rep(rep.id), ...repKeys.list(rep.name, rep.id), type: "rep", ...rep };
}

function toRep(raw: Record<string, unknown>): Rep {
  return strip(raw) as unknown as Rep;
}

function duplicate(email: string): never {
  throw new VisibleError("conflict", "duplicate_email", `A rep with the email ${email} already exists.`, {
    email: "is already used by another rep",
  });
}

/** Creates a rep; 409 when the email is taken. The rep, its email lock and the audit entry are one transaction. */
export async function create(input: RepInput, actor: Actor): Promise<Rep> {
  const at = now().toISOString();
  const team = input.teamId ? await teamFor(input) : undefined;
  const rep: Rep = { id: createId("rep"), ...input, ...(team ? { team: team.name, managerEmail: team.managerEmail } : {}), active: true, version: 1, createdAt: at, updatedAt: at };
  await transact([...createItems(rep, actor), ...(team ? teamItems(rep.id, undefined, team) : [])], (reasons) => {
    if (team && reasons.at(-1) === "ConditionalCheckFailed") {
      throw new VisibleError("conflict", "team_changed", "The team changed while the rep was being saved; try again.");
    }
    duplicate(input.email);
  });
  return rep;
}

function createItems(rep: Rep, actor: Actor): TransactItem[] {
  return [
    { Put: { TableName: tableName(), Item: item(rep), ConditionExpression: "attribute_not_exists(pk)" } },
    {
      Put: {
        TableName: tableName(),
        Item: { ...repKeys.email(rep.email), type: "rep-email", repId: rep.id },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    ...(rep.managerEmail ? [managedItem(rep)] : []),
    Audit.record(actor, "rep.create", rep.id, { after: rep }),
  ];
}

export function managedItem(rep: Rep): TransactItem {
  return { Put: { TableName: tableName(), Item: { ...repKeys.managed(rep.managerEmail!, rep.id), type: "team-member", repId: rep.id, managerEmail: rep.managerEmail } } };
}

/** The rep with this id, or undefined. */
export async function get(id: string): Promise<Rep | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: repKeys.rep(id) }));
  return result.Item ? toRep(result.Item) : undefined;
}

/** The rep with this id, or a 404. */
export async function mustGet(id: string): Promise<Rep> {
  const rep = await get(id);
  if (!rep) throw new VisibleError("not-found", "rep_not_found", `No rep has the id ${id}.`);
  return rep;
}

/** The rep with this (normalised) email, or undefined. */
export async function fromEmail(email: string): Promise<Rep | undefined> {
  const lock = await db().send(new GetCommand({ TableName: tableName(), Key: repKeys.email(email.toLowerCase()) }));
  const repId = lock.Item?.repId as string | undefined;
  return repId ? get(repId) : undefined;
}

/**
 * Creates the rep, or updates the one with the same email (the import's idempotent upsert).
 * Answers what happened so the caller can report it.
 */
export async function upsertByEmail(input: RepInput, actor: Actor): Promise<{ rep: Rep; outcome: "created" | "updated" | "unchanged" }> {
  const existing = await fromEmail(input.email);
  if (!existing) return { rep: await create(input, actor), outcome: "created" };
  // A rep of a team takes its manager and team name from the team, not from the import.
  const free = existing.teamId === undefined;
  const next: Rep = {
    ...existing,
    name: input.name,
    ...(free && input.managerEmail !== undefined ? { managerEmail: input.managerEmail } : {}),
    ...(free && input.team !== undefined ? { team: input.team } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
  };
  if (next.name === existing.name && next.managerEmail === existing.managerEmail && next.team === existing.team && next.timezone === existing.timezone) {
    return { rep: existing, outcome: "unchanged" };
  }
  next.updatedAt = now().toISOString();
  next.version = versionOf(existing) + 1;
  await transact(
    [
      { Put: { TableName: tableName(), Item: item(next), ...atVersion(existing) } },
      ...(next.managerEmail !== existing.managerEmail
        ? [
            ...(existing.managerEmail ? [{ Delete: { TableName: tableName(), Key: repKeys.managed(existing.managerEmail, existing.id) } }] : []),
            ...(next.managerEmail ? [managedItem(next)] : []),
          ]
        : []),
      Audit.record(actor, "rep.update", next.id, { before: existing, after: next }),
    ],
    () => {
      throw new VisibleError("conflict", "concurrent_update", `The rep ${input.email} changed while it was being updated; try again.`);
    },
  );
  return { rep: next, outcome: "updated" };
}

/** One page of reps ordered by name. */
export async function list(options: { limit?: number; cursor?: string } = {}) {
  const page = await queryPage(
    {
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": repKeys.listPartition },
      Limit: options.limit ?? 100,
    },
    options.cursor,
  );
  return { items: page.items.map(toRep), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** The reps with these ids that exist (BatchGetItem, not one read per rep). */
export async function getMany(ids: string[]): Promise<Rep[]> {
  return (await batchGet([...new Set(ids)].map((id) => repKeys.rep(id)))).map(toRep);
}

/** Every rep of the organisation, by name: the rep list read page by page. */
export async function all(): Promise<Rep[]> {
  return (await queryAll({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": repKeys.listPartition } })).map(toRep);
}

/** The reps a manager manages (their team), by the manager's email. */
export async function team(managerEmail: string): Promise<Rep[]> {
  const members = await queryAll<{ repId: string }>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": repKeys.managerPartition(managerEmail.toLowerCase()) },
  });
  return (await getMany(members.map((m) => m.repId))).sort((a, b) => a.name.localeCompare(b.name));
}

/** A rep id nobody has (ids are ULIDs of their creation time): the key `identify` reads when an address is no rep's. */
const NOBODY = "rep_00000000000000000000000000";

/**
 * Who an address is, by reads whose number and kind never depend on the answer, so that sign-in cannot be
 * timed apart: the address's email lock and the first member of its team together, then the rep record
 * the lock names, or the same read of a key nobody has.
 */
export async function identify(email: string): Promise<{ rep?: Rep; manages: boolean }> {
  const address = email.toLowerCase();
  const [lock, team] = await Promise.all([
    db().send(new GetCommand({ TableName: tableName(), Key: repKeys.email(address) })),
    queryPage({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": repKeys.managerPartition(address) }, Limit: 1 }),
  ]);
  const rep = await get((lock.Item?.repId as string | undefined) ?? NOBODY);
  return { ...(rep ? { rep } : {}), manages: team.items.length > 0 };
}

/** The time zone a person reads times in: their own rep record's if it names one, else the organization's. */
export function zoneOf(rep: Pick<Rep, "timezone"> | undefined): string {
  return rep?.timezone ?? config().timezone;
}

export const Rep = { create, get, getMany, all, mustGet, fromEmail, identify, upsertByEmail, list, team, zoneOf };
