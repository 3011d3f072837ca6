/**
 * Where else a customer's answers are kept, for deleting an item or withdrawing consent: the forms they
 * answered (their answers), every version of their onboarding answers, the responses counted for their
 * reps, and the follow-ups that name them. Each is found by Query, never by a scan.
 */
import { queryAll } from "../db/index.ts";
import type { Customer } from "../customer/index.ts";
import { toInvitation, type Invitation } from "../invitation/record.ts";
import { list as followUpsOf, type FollowUp } from "../followup/index.ts";
import { profileKeys } from "./keys.ts";

/** Every invitation the customer was sent (their answers are on it). */
export async function invitationsOf(customerId: string): Promise<Invitation[]> {
  const items = await queryAll<Record<string, unknown>>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": `CUS#${customerId}#INV` },
  });
  return items.map(toInvitation);
}

/** Every stored version of the customer's onboarding answers, with its key. */
export async function preferenceVersions(customerId: string): Promise<(Record<string, unknown> & { pk: string; sk: string })[]> {
  return queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": profileKeys.partition(customerId), ":prefix": "PREF#" },
  });
}

/** The follow-ups that name the customer, on the schedules of every rep they were with (anonymous cases name nobody and are not among them). */
export async function followUpsNaming(customer: Customer, invitations: Invitation[]): Promise<FollowUp[]> {
  const repIds = [...new Set([customer.repId, ...invitations.map((i) => i.repId)])];
  return (await followUpsOf({ repIds })).filter((f) => f.customerId === customer.id);
}
