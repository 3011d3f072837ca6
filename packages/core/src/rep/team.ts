/** A rep's team: where its name and manager come from, and the writes that keep the team's member list. */
import { tableName, type TransactItem } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { Team, type Team as TeamRecord } from "../team/index.ts";
import { teamKeys } from "../team/keys.ts";
import { atVersion } from "../version.ts";

/**
 * The active team `teamId` names; 400 when it names none, 422 when it is deactivated, and 400 when the
 * body also sets what the team decides (`team`, `managerEmail`).
 */
export async function teamFor(input: { teamId?: string | null | undefined; team?: unknown; managerEmail?: unknown }): Promise<TeamRecord> {
  const fields: Record<string, string> = {};
  if (input.team !== undefined) fields.team = "is set by the team (teamId): send one or the other";
  if (input.managerEmail !== undefined) fields.managerEmail = "is set by the team (teamId): send one or the other";
  if (Object.keys(fields).length) throw new VisibleError("input", "invalid_input", "A rep's team name and manager come from its team.", fields);
  const team = await Team.get(input.teamId!);
  if (!team) throw new VisibleError("input", "unknown_team", `No team has the id ${input.teamId}.`, { teamId: "no team has this id" });
  if (!team.active) throw new VisibleError("unprocessable", "team_inactive", `The team ${team.id} is deactivated.`, { teamId: "is a deactivated team" });
  return team;
}

/**
 * The writes that move a rep from `oldTeamId` to `team` (either may be absent): the member items, and a
 * check, last, that the team is still as read (a concurrent change of its manager would otherwise miss the rep).
 */
export function teamItems(repId: string, oldTeamId: string | undefined, team: TeamRecord | undefined): TransactItem[] {
  if (oldTeamId === team?.id) return [];
  return [
    ...(oldTeamId ? [{ Delete: { TableName: tableName(), Key: teamKeys.member(oldTeamId, repId) } }] : []),
    ...(team
      ? [
          { Put: { TableName: tableName(), Item: { ...teamKeys.member(team.id, repId), type: "team-rep", repId, teamId: team.id } } },
          { ConditionCheck: { TableName: tableName(), Key: teamKeys.team(team.id), ...atVersion(team) } },
        ]
      : []),
  ];
}
