/**
 * `rapport campaign start|status|cancel`: campaigns from the terminal, through the same core verbs the API
 * calls, with a progress bar that follows one until it ends. The sending itself is the campaign worker's
 * (`npm start` runs it locally; in AWS the table's stream drives it).
 */
import * as v from "valibot";
import { Campaign, CampaignSchema, type CampaignInput, type CampaignView } from "@rapport/core/campaign/index";
import type { Actor } from "@rapport/core/audit/index";
import { formatDate } from "@rapport/core/clock/format-date";
import { VisibleError } from "@rapport/core/error";
import { IdSchema } from "@rapport/core/fields";
import { UsageError } from "./cli-errors.ts";

export interface CampaignOptions {
  rep?: string;
  segment?: string;
  valueTier?: string;
  watch: boolean;
}

export interface CampaignContext {
  /** Points core at the database and checks that it answers. */
  connect(): Promise<void>;
  actor: Actor;
}

/** The option each field of the campaign's input comes from, for usage errors. */
const OPTION: Record<string, string> = { repId: "--rep", segment: "--segment", valueTier: "--value-tier" };
const CampaignIdSchema = IdSchema("cmp");
const BAR_WIDTH = 20;
/** How long a watched campaign may stay queued before the watcher asks whether a worker runs. */
const QUEUED_HINT_MS = 15_000;

const count = new Intl.NumberFormat("en-US");
const n = (value: number) => count.format(value);
const live = (c: CampaignView) => c.status === "queued" || c.status === "sending";
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** How far the campaign has got, 0 to 1: customers sent, skipped or failed (core's handled), of its total. */
function doneShare(c: CampaignView): number {
  if (c.total === 0) return live(c) ? 0 : 1;
  return c.handled / c.total;
}

/** One plain progress line: `62% 6,200/10,000 sent · 12 skipped · 0 failed · sending`. */
export function progressLine(c: CampaignView): string {
  return `${c.percent}% ${n(c.sent)}/${n(c.total)} sent · ${n(c.skippedTotal)} skipped · ${n(c.failed)} failed · ${c.status}`;
}

/** The same line behind a bar, for a terminal: `[████████████░░░░░░░░] 62% ...`. */
export function progressBar(c: CampaignView): string {
  const filled = Math.floor(doneShare(c) * BAR_WIDTH);
  return `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ${progressLine(c)}`;
}

function scopeOf(c: CampaignView): string {
  const { repId, customers, segment, valueTier } = c.scope;
  const parts = [repId ? `the customers of rep ${repId}` : customers !== undefined ? `${n(customers)} listed customers` : "the customers of every rep"];
  if (segment !== undefined) parts.push(`segment ${segment}`);
  if (valueTier !== undefined) parts.push(`value tier ${valueTier}`);
  return parts.join(", ");
}

/** The campaign's input from the options, checked by the API's own schema; a bad option is a usage error naming it. */
function startInput(options: CampaignOptions): CampaignInput {
  const parsed = v.safeParse(CampaignSchema, {
    kind: "report-card",
    ...(options.rep !== undefined ? { repId: options.rep } : {}),
    ...(options.segment !== undefined ? { segment: options.segment } : {}),
    ...(options.valueTier !== undefined ? { valueTier: options.valueTier } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new UsageError(`${OPTION[v.getDotPath(issue) ?? ""] ?? "campaign start:"} ${issue.message}.`);
  }
  // An empty segment would match no customer: a mistake, not a campaign.
  if (parsed.output.segment === "") throw new UsageError("--segment must not be empty.");
  return parsed.output;
}

function campaignId(sub: string, rest: string[]): string {
  if (rest.length === 0) throw new UsageError(`campaign ${sub} needs the campaign's id (cmp_...).`);
  if (rest.length > 1) throw new UsageError(`campaign ${sub} takes one campaign id, not ${rest.length}.`);
  const parsed = v.safeParse(CampaignIdSchema, rest[0]);
  if (!parsed.success) throw new UsageError(`<id> ${parsed.issues[0].message}.`);
  return parsed.output;
}

/** Runs a campaign subcommand; answers the exit code (1 when core refuses: an unknown rep or campaign, a finished one, a failed one). */
export async function campaignCommand(args: string[], options: CampaignOptions, context: CampaignContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "start" && sub !== "status" && sub !== "cancel") {
    throw new UsageError(sub === undefined ? 'campaign takes a subcommand: "start", "status" or "cancel".' : `unknown campaign subcommand "${sub}" (start, status or cancel).`);
  }
  if (sub === "start" && rest.length > 0) throw new UsageError(`campaign start takes options only, not "${rest[0]}" (name a rep with --rep <id>).`);
  const input = sub === "start" ? startInput(options) : undefined;
  const id = sub === "start" ? undefined : campaignId(sub, rest);
  await context.connect();
  try {
    if (input) {
      const started = await Campaign.start(input, context.actor);
      process.stdout.write(`Started campaign ${started.id}: report cards to ${n(started.total)} customer${started.total === 1 ? "" : "s"} (${scopeOf(started)}); ${started.status}.\n`);
      if (!options.watch) {
        process.stdout.write(`The campaign worker sends them in the background. Follow it with: npm run rapport -- campaign status ${started.id} --watch\n`);
        return 0;
      }
      return watch(started);
    }
    if (sub === "cancel") {
      const cancelled = await Campaign.cancel(id!, context.actor);
      process.stdout.write(`Cancelled campaign ${cancelled.id}: nothing not yet sent goes out. ${progressLine(cancelled)}\n`);
      return 0;
    }
    const current = await Campaign.get(id!);
    if (options.watch) {
      process.stdout.write(`Campaign ${current.id}: report cards to ${scopeOf(current)}.\n`);
      return watch(current);
    }
    process.stdout.write(describe(current));
    return current.status === "failed" ? 1 : 0;
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    process.stderr.write(`rapport: ${error.message}\n`);
    return 1;
  }
}

/** `campaign status <id>`: the counts by reason and the times, in the reader's zone. */
function describe(c: CampaignView): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const at = (iso: string | null) => (iso ? formatDate(iso, zone) : "not yet");
  const { suppressed, capped, unsubscribed, unknown } = c.skipped;
  return [
    `Campaign ${c.id}: ${c.status}`,
    `  Customers  ${scopeOf(c)}`,
    `  Progress   ${progressLine(c)}`,
    `  Skipped    ${n(suppressed)} suppressed, ${n(capped)} surveyed in the last 60 days, ${n(unsubscribed)} unsubscribed, ${n(unknown)} unknown`,
    `  Created    ${at(c.createdAt)}`,
    `  Started    ${at(c.startedAt)}`,
    `  Finished   ${at(c.finishedAt)}`,
    "",
  ].join("\n");
}

/**
 * Follows a campaign until it ends, once a second, on stderr: a bar redrawn in place on a terminal, one
 * plain line per second otherwise. Exit 0 when it is done or cancelled, 1 when it failed.
 */
async function watch(first: CampaignView): Promise<number> {
  const err = process.stderr;
  const tty = Boolean(err.isTTY);
  const since = Date.now();
  let hinted = false;
  const interrupted = () => {
    err.write(`${tty ? "\n" : ""}Stopped watching; the campaign goes on. Follow it again with: npm run rapport -- campaign status ${first.id} --watch\n`);
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  try {
    let c = first;
    for (;;) {
      err.write(tty ? `\r${progressBar(c)}\x1b[K` : `${progressLine(c)}\n`);
      if (!live(c)) break;
      if (!hinted && c.status === "queued" && Date.now() - since >= QUEUED_HINT_MS) {
        hinted = true;
        err.write(`${tty ? "\n" : ""}Still queued: is a campaign worker running? \`npm start\` runs one locally; in AWS the table's stream starts it.\n`);
      }
      await sleep(1000);
      c = await Campaign.get(c.id);
    }
    if (tty) err.write("\n");
    process.stdout.write(`Campaign ${c.id} ${c.status}: ${n(c.sent)} sent, ${n(c.skippedTotal)} skipped, ${n(c.failed)} failed of ${n(c.total)}.\n`);
    return c.status === "failed" ? 1 : 0;
  } finally {
    process.off("SIGINT", interrupted);
  }
}
