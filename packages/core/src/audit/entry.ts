import * as v from "valibot";

/** Who made a change: an API key, a signed-in person, the CLI or the system itself. */
export const ActorSchema = v.object({
  kind: v.picklist(["api-key", "user", "cli", "system", "customer"]),
  id: v.string(),
  /** An integration's key acting for a named rep (a help desk resolving a case): the rep's id, audited beside the key. */
  onBehalfOf: v.optional(v.string()),
});
export type Actor = v.InferOutput<typeof ActorSchema>;

/** One entry of the audit log: who did what to which entity, when, with what detail. */
export const AuditEntrySchema = v.object({
  id: v.string(),
  at: v.string(),
  actor: ActorSchema,
  action: v.string(),
  entityId: v.string(),
  detail: v.optional(v.record(v.string(), v.unknown())),
});
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;

/** The entry a stored audit item holds: its published fields, without the storage keys. */
export function entryOf(item: AuditEntry & Record<string, unknown>): AuditEntry {
  const { id, at, actor, action, entityId, detail } = item;
  return { id, at, actor, action, entityId, ...(detail ? { detail } : {}) };
}
