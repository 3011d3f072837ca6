/** Editing a team and moving its reps with it. */
import type { Actor } from "../audit/index.ts";
import { followTeam } from "../rep/update.ts";
import { Team, type Team as TeamRecord, type TeamPatch } from "./index.ts";

/**
 * Edits the team (412 on a stale If-Match), then brings its reps in line with its name and manager. The
 * second step also runs when the team itself did not change, so sending an edit again after a failure
 * midway finishes moving the reps.
 */
export async function editTeam(id: string, changes: TeamPatch, actor: Actor, ifMatch?: number[]): Promise<TeamRecord> {
  const { after } = await Team.update(id, changes, actor, ifMatch);
  await followTeam(after, actor);
  return after;
}
