/**
 * The due index (gsi2): one sparse partition of everything the scheduled job must act on, ordered by
 * when. An item carries these keys only while it has work waiting; every domain puts its items here
 * through `dueKeys.entry`, and the job reads it with `dueKeys.upTo`.
 */
export const dueKeys = {
  partition: "DUE",
  entry: (at: string, id: string) => ({ gsi2pk: "DUE", gsi2sk: `${at}#${id}` }),
  /** The sort-key bound that takes in every entry due at or before `at`. */
  upTo: (at: string) => `${at}#~`,
};

export const jobKeys = {
  /** The latest `now` the job ran as of: the real clock's (`runNow`) or one asked for (`runAsOf`). */
  lastRun: { pk: "JOB", sk: "TRAVEL" },
};
