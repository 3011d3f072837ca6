export const surveyKeys = {
  /** One published set of behaviours; versions are never rewritten. */
  version: (version: string) => ({ pk: "SURVEY", sk: `V#${version}` }),
  /** Every version: the catalogue of behaviours scores are read with. */
  versions: { pk: "SURVEY", prefix: "V#" },
  /** The pointer to the version new report cards are sent with. */
  current: { pk: "SURVEY", sk: "CURRENT" },
};
