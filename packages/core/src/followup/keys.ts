export const followUpKeys = {
  followUp: (id: string) => ({ pk: `FUP#${id}`, sk: "FUP" }),
  /** gsi1: a rep's follow-ups by status then due time: "open and due before X" is one Query. */
  byRep: (repId: string, status: string, dueAt: string, id: string) => ({ gsi1pk: `REP#${repId}#FUP`, gsi1sk: `${status}#${dueAt}#${id}` }),
  repPartition: (repId: string) => `REP#${repId}#FUP`,
  /** gsi2: the job's next action on it (notify, escalate, roll), by time. */
  due: (at: string, id: string) => ({ gsi2pk: "DUE", gsi2sk: `${at}#${id}` }),
  /** A rep's daily digest schedule. */
  digest: (repId: string) => ({ pk: `REP#${repId}`, sk: "DIGEST" }),
  /** The recovery plan (suggested actions by value tier). */
  recoveryPlan: { pk: "CONFIG", sk: "RECOVERY_PLAN" },
};
