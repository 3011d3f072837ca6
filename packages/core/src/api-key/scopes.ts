/**
 * (Apart from the key store, so the OpenAPI document names them without loading the AWS SDK at a cold start.)
 *
 * What a key may do. Scopes are separate grants, none implies another (an admin key cannot read bonus
 * inputs): `admin` runs the organisation (everything but compensation), `finance` reads bonus inputs and
 * closes periods, `events:write` only posts CRM events (`/v1/events/*`), the one scope a CRM needs. The
 * narrower ones are for integrations that need one thing: `reps:read` and `customers:read` read those
 * resources, `customers:write` creates and edits customers, `follow-ups:write` resolves recovery cases on a
 * named rep's behalf (a help desk), `bonus:read` reads bonus inputs without closing periods.
 */
export const scopes = ["admin", "finance", "events:write", "reps:read", "customers:read", "customers:write", "follow-ups:write", "bonus:read"] as const;
/** What each scope grants, in the words the console shows beside its checkbox. */
export const scopeGrants: Record<Scope, string> = {
  admin: "runs the organization: reps, customers, campaigns, plans, audit, keys (not compensation)",
  finance: "reads bonus inputs and closes and reopens periods",
  "events:write": "posts CRM events (a deal won or lost) and nothing else",
  "reps:read": "reads reps",
  "customers:read": "reads customers",
  "customers:write": "creates and edits customers",
  "follow-ups:write": "resolves recovery cases on behalf of the rep who owns them (a help desk)",
  "bonus:read": "reads bonus inputs, JSON or CSV, without closing periods (payroll)",
};
export type Scope = (typeof scopes)[number];
