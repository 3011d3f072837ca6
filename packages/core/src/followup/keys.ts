import { dueKeys } from "../job/keys.ts";

export const followUpKeys = {
  followUp: (id: string) => ({ pk: `FUP#${id}`, sk: "FUP" }),
  /** gsi1: a rep's follow-ups by status then due time: "open and due before X" is one Query. */
  byRep: (repId: string, status: string, dueAt: string, id: string) => ({ gsi1pk: `REP#${repId}#FUP`, gsi1sk: `${status}#${dueAt}#${id}` }),
  repPartition: (repId: string) => `REP#${repId}#FUP`,
  /** gsi2: the job's next action on it (notify, escalate, roll), by time. */
  due: (at: string, id: string) => dueKeys.entry(at, id),
  /** The digest schedule's place on the due index. */
  digestDue: (at: string, repId: string) => dueKeys.entry(at, `digest#${repId}`),
  /** A rep's daily digest schedule. */
  digest: (repId: string) => ({ pk: `REP#${repId}`, sk: "DIGEST" }),
  /** The recovery plan (suggested actions by value tier). */
  recoveryPlan: { pk: "CONFIG", sk: "RECOVERY_PLAN" },
};
