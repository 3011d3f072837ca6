/**
 * Who may read and who may resolve a follow-up. Sits below the store (index.ts builds on it), so it reads
 * only what it is given, and the rep it must look up.
 */
import type * as v from "valibot";
import { VisibleError } from "../error.ts";
import type { Actor } from "../audit/index.ts";
import type { Viewer } from "../auth/index.ts";
import type { ApiKey } from "../api-key/index.ts";
import { Rep } from "../rep/index.ts";
import type { FollowUpRecordSchema } from "./record.ts";

type FollowUp = v.InferOutput<typeof FollowUpRecordSchema>;

/**
 * Whether a signed-in person may read a follow-up: a manager their team's; a rep their own, except an
 * anonymous case, which is for the manager only.
 */
export function readableBy(f: Pick<FollowUp, "repId" | "anonymous">, viewer: { repId?: string | undefined; managerOf: string[] }): boolean {
  if (viewer.managerOf.includes(f.repId)) return true;
  return viewer.repId === f.repId && !f.anonymous;
}

/**
 * A case the customer said was not put right (or whose rep left) is the manager's to resolve: a signed-in
 * person only when they are that manager, an API key only with the admin scope. Any other case, whoever
 * may act on it.
 */
export function mayResolve(f: Pick<FollowUp, "owner" | "managerEmail">, who: { email: string } | { scopes: readonly string[] }): boolean {
  if (f.owner !== "manager") return true;
  return "email" in who ? who.email.toLowerCase() === f.managerEmail?.toLowerCase() : who.scopes.includes("admin");
}

/** Who asks to resolve: a signed-in person, or an API key naming the rep it resolves for (`onBehalfOf`). */
export type Resolver = { viewer: Viewer; onBehalfOf?: string | undefined } | { key: Pick<ApiKey, "id" | "scopes">; onBehalfOf?: string | undefined };

/**
 * The actor a resolution is recorded under: a signed-in person who may read the case, as themselves; or a
 * key acting for the rep who owns it (a help desk's `follow-ups:write`, or an admin key), which must name that rep.
 */
export async function resolverActor(f: FollowUp, by: Resolver): Promise<Actor> {
  const invalid = (problem: string) => new VisibleError("input", "invalid_input", "Invalid onBehalfOf.", { onBehalfOf: problem });
  if ("viewer" in by) {
    if (by.onBehalfOf) throw invalid("is for API keys only: signed in, you resolve as yourself");
    if (!readableBy(f, by.viewer)) throw new VisibleError("forbidden", "not_your_follow_up", "You can resolve your own follow-ups and your team's.");
    return { kind: "user", id: by.viewer.email };
  }
  const { key, onBehalfOf } = by;
  if (!onBehalfOf) throw invalid("is required with an API key: the id of the rep the case is resolved for");
  if (!(await Rep.get(onBehalfOf))) throw invalid("names no rep");
  if (!readableBy(f, { repId: onBehalfOf, managerOf: [] })) throw new VisibleError("forbidden", "not_their_follow_up", `This follow-up is not ${onBehalfOf}'s to resolve.`);
  if (!mayResolve(f, key)) {
    throw new VisibleError("forbidden", "reopened_to_manager", "The customer said this was not put right, so it is with the manager now; only they (or an admin key) can resolve it.");
  }
  return { kind: "api-key", id: key.id, onBehalfOf };
}
