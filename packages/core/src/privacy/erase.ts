/**
 * Erasing a customer on request (`POST /v1/customers/{id}/erase`): their identity and every free text they
 * wrote or that was written about them go from everything stored (./footprint.ts finds it, ./scrub.ts says
 * what goes), leaving a tombstone: "Erased customer", `erased+<id>@erased.invalid`. The numbers stay: ratings,
 * aggregates, score cards and closed snapshots (which hold reps' rows only) are not touched, so a closed
 * period's hash still verifies. Their address is kept only as a SHA-256 on the suppression list, so it is
 * never emailed again, and the tombstone address is suppressed too.
 *
 * Safe to re-run after a crash: everything else is rewritten first, in transactions of at most 100 items,
 * each write idempotent; the customer record, the address's items and the audit entry go last in one
 * transaction. Until that one is written the record still names the customer, so a retry finds everything
 * again and finishes; after it, another call rewrites by attribute name only and answers the same erasure.
 */
import * as v from "valibot";
import { tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { suppressionKeys } from "../suppression/keys.ts";
import { footprintOf, type Footprint, type Item } from "./footprint.ts";
import { changesOf, ERASED_NAME, erasedEmail, updateOf, type Identity } from "./scrub.ts";

/** DynamoDB's most items in one TransactWriteItems. */
export const CHUNK = 100;

export const ErasureSchema = v.object({
  customerId: v.string(),
  erasedAt: v.pipe(v.string(), v.description("When the customer was erased; a second call answers the first erasure's time.")),
  rewritten: v.pipe(v.number(), v.integer(), v.description("Items this call rewrote or deleted (0 when a second call found nothing left).")),
});
export type Erasure = v.InferOutput<typeof ErasureSchema>;

class Gone extends Error {}
const gone = (): never => {
  throw new Gone();
};

/**
 * Writes every item in transactions of at most CHUNK. A chunk refused because one of its items went away
 * meanwhile (a rep deleted a note, a follow-up moved on) is written again item by item, skipping what is gone.
 */
export async function writeInChunks(items: TransactItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    const whole = await transact(chunk, gone).then(
      () => true,
      (error: unknown) => {
        if (error instanceof Gone) return false;
        throw error;
      },
    );
    if (whole) continue;
    for (const item of chunk) {
      await transact([item], gone).catch((error: unknown) => {
        if (!(error instanceof Gone)) throw error;
      });
    }
  }
}

function identityOf(customer: Item): Identity {
  const prefs = (customer.preferences ?? {}) as Record<string, unknown>;
  const exact = [customer.name, customer.company, prefs.contact, prefs.emergencyContact].filter((s): s is string => typeof s === "string" && s.trim().length > 2);
  return { customerId: customer.id as string, email: customer.erasedAt ? "" : (customer.email as string), exact: customer.erasedAt ? [] : exact };
}

const remove = (item: Item): TransactItem => ({ Delete: { TableName: tableName(), Key: { pk: item.pk, sk: item.sk } } });

/** Rewrites a campaign batch's entry of the customer only (the batch lists up to 49 others). */
function batchUpdate(batch: Item, customerId: string): TransactItem | undefined {
  const customers = (batch.customers ?? []) as { id: string; name: string; email: string }[];
  const next = customers.map((c) => (c.id === customerId ? { ...c, name: ERASED_NAME, email: erasedEmail(customerId) } : c));
  return JSON.stringify(next) === JSON.stringify(customers) ? undefined : updateOf(batch, { customers: next });
}

/** Every write but the last transaction's: what is under the customer deleted, everything else scrubbed. */
function rewrites(f: Footprint, who: Identity): TransactItem[] {
  const scrubbed = (items: Item[]) => items.map((item) => updateOf(item, changesOf(item, who, "erase")));
  const audit = f.audit.map((entry) =>
    // An entry filed under the address itself (an unsubscribe, a bounce) is filed under the tombstone address.
    updateOf(entry, changesOf(entry, who, "erase"), entry.entityId === who.email.toLowerCase() && who.email ? { set: { entityId: erasedEmail(who.customerId), gsi1pk: `AUDIT#${erasedEmail(who.customerId)}` } } : {}),
  );
  return [
    ...f.partition.map(remove),
    // An outbound event keeps going to its receivers, naming "Erased customer" from now on (a delivery item holds no payload).
    ...scrubbed([...f.invitations, ...f.responses, ...f.followUps, ...f.flags, ...f.messages, ...f.deals, ...f.outbox]),
    ...f.batches.map((b) => batchUpdate(b, who.customerId)),
    ...audit,
  ].filter((w): w is TransactItem => Boolean(w));
}

/** The last transaction: the customer record's tombstone, the address's locks and suppression, the audit entry (ids and counts only). */
function finalItems(f: Footprint, who: Identity, at: string, actor: Actor, rewritten: number): TransactItem[] {
  const id = who.customerId;
  const tombstone = erasedEmail(id);
  const c = f.customer;
  const byRep = (c.stage === "prospect" ? customerKeys.prospectByRep : customerKeys.byRep)(c.repId as string, ERASED_NAME, id);
  const record = updateOf(c, changesOf(c, who, "erase"), {
    set: {
      name: ERASED_NAME,
      email: tombstone,
      gsi1sk: byRep.gsi1sk,
      preferences: undefined,
      preferencesAt: undefined,
      aboutMeAt: undefined,
      aboutMeInvitationId: undefined,
      profileAt: null,
      consentWithdrawnAt: c.consentWithdrawnAt ?? at,
      updatedAt: at,
      // A new version: an ETag read before the erasure no longer matches.
      version: (typeof c.version === "number" ? c.version : 0) + 1,
      erasedAt: at,
    },
  })!;
  // Not erased yet, and still the address this erasure found everything by (a changed address: erased again from the start).
  const update = record.Update as { ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> };
  update.ConditionExpression = "attribute_exists(pk) AND attribute_not_exists(erasedAt) AND #found = :found";
  update.ExpressionAttributeNames["#found"] = "email";
  update.ExpressionAttributeValues[":found"] = c.email;
  const reason = f.suppression.find((s) => s.type === "suppression")?.reason ?? "erased";
  return [
    record,
    ...(f.emailLock ? [{ Delete: { TableName: tableName(), Key: { pk: f.emailLock.pk, sk: f.emailLock.sk } } }] : []),
    { Put: { TableName: tableName(), Item: { ...customerKeys.email(tombstone), type: "customer-email", customerId: id } } },
    ...f.suppression.filter((s) => !s.pk.startsWith("SUPP#sha256#")).map(remove),
    { Put: { TableName: tableName(), Item: { ...suppressionKeys.hashed(who.email), type: "suppression", reason, at } } },
    { Put: { TableName: tableName(), Item: { ...suppressionKeys.address(tombstone), type: "suppression", email: tombstone, reason: "erased", at } } },
    Audit.record(actor, "customer.erase", id, { rewritten }),
  ];
}

/**
 * Erases the customer (404 for an unknown one). Idempotent: a second call rewrites whatever still carries
 * their tombstoned attributes and answers the first call's `erasedAt`.
 */
export async function erase(customerId: string, actor: Actor): Promise<Erasure> {
  const f = await footprintOf(customerId);
  const who = identityOf(f.customer);
  const writes = rewrites(f, who);
  await writeInChunks(writes);
  if (typeof f.customer.erasedAt === "string") return { customerId, erasedAt: f.customer.erasedAt, rewritten: writes.length };
  const at = now().toISOString();
  const erased = await transact(finalItems(f, who, at, actor, writes.length), gone).then(
    () => true,
    (error: unknown) => {
      if (error instanceof Gone) return false;
      throw error;
    },
  );
  // Refused: erased by a concurrent call (or changed meanwhile): the erasure as it now stands.
  if (!erased) return erase(customerId, actor);
  return { customerId, erasedAt: at, rewritten: writes.length + 1 };
}
