/** How well each rep's most valuable customers are known: the share of their tier-A customers with a profile entry from the last 180 days. */
import { queryAll, strip } from "../db/index.ts";
import { now } from "../clock/index.ts";
import type { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";

/** An entry counts toward coverage for this many days. */
export const COVERAGE_DAYS = 180;
const DAY = 86_400_000;

export interface RepCoverage {
  repId: string;
  /** The rep's customers in value tier A. */
  tierA: number;
  /** Of those, the ones with something shared or noted in the last 180 days. */
  covered: number;
  /** covered / tierA; null when the rep has no tier-A customer. */
  share: number | null;
}

type Known = Customer & { profileAt?: string | null; aboutMe?: string; aboutMeAt?: string; preferences?: { interests?: string[]; personalInterests?: string; updatedAt?: string } };

/**
 * When the newest profile entry of a customer was made: the customer record's `profileAt` (kept with every
 * entry written or deleted; null when none is left), or for answers from before it existed, the dates of
 * what they shared then.
 */
export function newestEntryAt(customer: Customer): string | undefined {
  const c = customer as Known;
  if (c.profileAt !== undefined) return c.profileAt ?? undefined;
  const prefs = c.preferences;
  const dates = [c.aboutMe ? c.aboutMeAt : undefined, prefs?.interests?.length || prefs?.personalInterests ? prefs.updatedAt : undefined];
  return dates.filter((d): d is string => Boolean(d)).sort().at(-1);
}

/** Each rep's coverage as of `at`: one Query of each rep's customers (the customer record carries the newest entry's date). */
export async function coverage(repIds: string[], at: Date = now()): Promise<RepCoverage[]> {
  const since = new Date(at.getTime() - COVERAGE_DAYS * DAY).toISOString();
  return Promise.all(
    repIds.map(async (repId) => {
      const items = await queryAll<Record<string, unknown>>({
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": customerKeys.byRepPartition(repId) },
      });
      const tierA = items.map((item) => strip(item) as unknown as Customer).filter((c) => c.valueTier === "A");
      const covered = tierA.filter((c) => (newestEntryAt(c) ?? "") >= since).length;
      return { repId, tierA: tierA.length, covered, share: tierA.length ? covered / tierA.length : null };
    }),
  );
}
