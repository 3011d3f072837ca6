export const planKeys = {
  /** Every version of the compensation plan; versions are never rewritten. */
  version: (version: number) => ({ pk: "PLAN", sk: `V#${String(version).padStart(6, "0")}` }),
  /** The pointer to the current version. */
  current: { pk: "PLAN", sk: "CURRENT" },
};
