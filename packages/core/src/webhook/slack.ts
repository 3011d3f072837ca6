/**
 * Slack: a team's incoming-webhook URL (`slackWebhookUrl` on the team item) gets a Block Kit message when
 * a case of one of its reps is opened, escalated, or judged recovered by the customer. The message names
 * the rep and links to the dashboard; it names the customer only on a case the customer put their name to.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/index.ts";
import { config } from "../config.ts";
import { Rep } from "../rep/index.ts";
import type { OutboxEvent, OutboxRecord } from "./events.ts";

/** The events a team's Slack channel hears about. */
export const slackEvents: readonly OutboxEvent[] = ["case.opened", "case.escalated", "case.recovered"];

/** The team item (written by the teams module): its Slack incoming-webhook URL, if any. */
const teamKey = (teamId: string) => ({ pk: `TEAM#${teamId}`, sk: "TEAM" });

/** The Slack incoming-webhook URL of a team, if it has one. */
export async function slackUrlForTeam(teamId: string): Promise<string | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: teamKey(teamId), ProjectionExpression: "slackWebhookUrl" }));
  const url = Item?.slackWebhookUrl;
  return typeof url === "string" && url ? url : undefined;
}

/** The team a rep belongs to and its Slack URL, when the rep has a team with one. */
export async function slackTargetForRep(repId: string): Promise<{ teamId: string; url: string } | undefined> {
  const rep = (await Rep.get(repId)) as (Rep & { teamId?: string }) | undefined;
  if (!rep?.teamId) return undefined;
  const url = await slackUrlForTeam(rep.teamId);
  return url ? { teamId: rep.teamId, url } : undefined;
}

/** The Slack incoming-webhook URL a case of this rep is posted to (their team's), if any. */
export async function slackUrlForRep(repId: string): Promise<string | undefined> {
  return (await slackTargetForRep(repId))?.url;
}

const headline: Partial<Record<OutboxEvent, string>> = {
  "case.opened": "Recovery case opened",
  "case.escalated": "Recovery case overdue: escalated",
  "case.recovered": "Customer says it was put right",
};

/** Slack's mrkdwn with its three control characters escaped. */
const mrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The Block Kit message for a case event: a header, the case's facts as fields, and a button to the dashboard. */
export async function slackMessage(record: OutboxRecord): Promise<Record<string, unknown>> {
  const data = record.data as { caseId: string; repId: string; dueAt?: string; repScore?: number | null; lowBehaviours?: { id: string; rating: number | "na" }[]; customer?: { name?: string } };
  const rep = await Rep.get(data.repId);
  const title = headline[record.event] ?? record.event;
  const who = data.customer?.name ? mrkdwn(data.customer.name) : "Anonymous (the customer did not ask to be contacted)";
  const fields = [
    { type: "mrkdwn", text: `*Rep*\n${mrkdwn(rep?.name ?? data.repId)}` },
    { type: "mrkdwn", text: `*Customer*\n${who}` },
    ...(data.dueAt ? [{ type: "mrkdwn", text: `*Due*\n<!date^${Math.floor(Date.parse(data.dueAt) / 1000)}^{date_short_pretty} {time}|${data.dueAt}>` }] : []),
    ...(data.repScore !== undefined && data.repScore !== null ? [{ type: "mrkdwn", text: `*Rep score*\n${data.repScore}` }] : []),
    ...(data.lowBehaviours?.length ? [{ type: "mrkdwn", text: `*Rated low*\n${data.lowBehaviours.map((b) => `${mrkdwn(b.id)} (${b.rating})`).join(", ")}` }] : []),
  ];
  const url = `${config().appUrl}/dashboard`;
  return {
    text: `${title}: ${rep?.name ?? data.repId}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title } },
      { type: "section", fields },
      { type: "context", elements: [{ type: "mrkdwn", text: `Case ${data.caseId}` }] },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the dashboard" }, url, action_id: "open_case" }] },
    ],
  };
}
