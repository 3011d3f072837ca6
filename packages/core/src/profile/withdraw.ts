/**
 * A customer withdraws their consent, from their "What we know about you" page: the profile empties (what
 * they shared, the reps' notes, their onboarding preferences and the touch schedule built on them), their
 * recovery cases and check-ins become anonymous (an open check-in is cancelled), and the responses they
 * gave no longer carry their name. Aggregates and scores do not move: the ratings stay counted, unnamed.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, sendIf, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { keyOf, type Invitation } from "../invitation/record.ts";
import { responseKeys } from "../response/keys.ts";
import { dealKeys } from "../deal/keys.ts";
import { get as followUpOf, item as followUpItem, touchId, type FollowUp } from "../followup/index.ts";
import { followUpKeys } from "../followup/keys.ts";
import { RecoveryPlan } from "../followup/recovery-plan.ts";
import { followUpsNaming, invitationsOf, preferenceVersions } from "./history.ts";
import { keyOfEntry } from "./forget.ts";
import { storedEntries } from "./record.ts";

/** The note an open check-in gets when the customer withdraws their consent. */
const WITHDRAWN = "cancelled: the customer withdrew their consent";

/** A follow-up with nothing left that says who the customer is (the suggested actions no longer follow their tier). */
function anonymised(f: FollowUp, actions: string[], at: string): FollowUp {
  const { customerId: _id, customerName: _n, company: _c, channel: _ch, contact: _ct, bestHours: _b, timezone: _t, valueTier: _v, interests: _i, sharedAboutThem: _s, ...rest } = f;
  const open = f.kind === "check-in" && f.status === "open";
  return {
    ...rest,
    anonymous: true,
    ...(f.kind === "recovery" ? { suggestedActions: actions } : {}),
    ...(open ? { status: "resolved" as const, resolvedAt: at, resolvedBy: "customer", note: WITHDRAWN } : {}),
  };
}

/** Makes one follow-up anonymous, against the state it was read in; read again and retried when the rep or the job changed it meanwhile. */
async function anonymise(seen: FollowUp, actions: string[]): Promise<void> {
  let f: FollowUp | undefined = seen;
  for (let attempt = 0; f && attempt < 4; attempt++) {
    const current: FollowUp = f;
    const written = await sendIf(
      new PutCommand({
        TableName: tableName(),
        Item: followUpItem(anonymised(current, actions, now().toISOString())),
        ConditionExpression: "#status = :status AND dueAt = :due",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": current.status, ":due": current.dueAt },
      }),
      () => false as const,
    );
    if (written !== false) return;
    f = await followUpOf(current.id);
  }
  if (f) throw new VisibleError("conflict", "busy", "Your follow-ups are being updated right now; please try again in a minute.");
}

/** The writes that take the customer's name and consents off what they answered: the form's answers and the counted response. */
async function unname(inv: Invitation): Promise<void> {
  const update = (Key: Record<string, unknown>, UpdateExpression: string, values?: Record<string, unknown>) =>
    sendIf(new UpdateCommand({ TableName: tableName(), Key, UpdateExpression, ConditionExpression: "attribute_exists(pk)", ...(values ? { ExpressionAttributeValues: values } : {}) }), () => undefined);
  if (!inv.answers) return;
  if (inv.kind === "onboarding") return void (await update(keyOf(inv.id), "REMOVE answers"));
  await update(keyOf(inv.id), "SET answers.shareName = :no, answers.contactOk = :no REMOVE answers.aboutMe", { ":no": false });
  if (!inv.period || !inv.answeredAt) return;
  // A report card's counted response, or a lost-deal card's stored answer (the insights' and coaching's source).
  const stored = inv.kind === "lost-deal" ? dealKeys.answer(inv.period, inv.answeredAt, inv.id) : responseKeys.response(inv.repId, inv.period, inv.answeredAt, inv.id);
  await update(stored, "SET shareName = :no, contactOk = :no REMOVE customerName", { ":no": false });
}

/** The customer withdraws their consent: everything above, each step safe to repeat, the customer record and the audit entry (ids only) last. */
export async function withdrawConsent(customerId: string): Promise<{ withdrawnAt: string }> {
  const customer = await Customer.mustGet(customerId);
  const invitations = await invitationsOf(customerId);
  const actions = RecoveryPlan.actionsFor(await RecoveryPlan.current(), undefined);
  const followUps = await followUpsNaming(customer, invitations);
  for (const f of followUps) if (f.kind !== "touch") await anonymise(f, actions);
  await db().send(new DeleteCommand({ TableName: tableName(), Key: followUpKeys.followUp(touchId(customerId)) }));
  for (const inv of invitations) await unname(inv);
  for (const version of await preferenceVersions(customerId)) await db().send(new DeleteCommand({ TableName: tableName(), Key: { pk: version.pk, sk: version.sk } }));
  const entries = await storedEntries(customerId);
  for (const entry of entries) await db().send(new DeleteCommand({ TableName: tableName(), Key: keyOfEntry(entry) }));
  const at = now().toISOString();
  await transact([
    {
      Update: {
        TableName: tableName(),
        Key: customerKeys.customer(customerId),
        UpdateExpression: "SET consentWithdrawnAt = :at, profileAt = :none REMOVE preferences, preferencesAt, aboutMe, aboutMeAt, aboutMeInvitationId",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":at": at, ":none": null },
      },
    },
    Audit.record({ kind: "customer", id: customerId }, "profile.withdraw-consent", customerId, {
      entries: entries.map((e) => e.id),
      anonymised: followUps.filter((f) => f.kind !== "touch").map((f) => f.id),
      removed: [touchId(customerId)],
      invitations: invitations.map((i) => i.id),
    }),
  ]);
  return { withdrawnAt: at };
}
