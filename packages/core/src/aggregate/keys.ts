/**
 * Per-period score aggregates: one item per rep and period holding, per behaviour, the count,
 * sum and sum of squares of its ratings (`n_<b>`, `s_<b>`, `q_<b>`), how many were low, 1 or 2 (`l_<b>`),
 * and the count of report cards.
 * All reps of a period share a partition, so the bonus export is one Query whatever the responses.
 */
export const aggregateKeys = {
  rep: (period: string, repId: string) => ({ pk: `AGG#${period}`, sk: `REP#${repId}` }),
  period: (period: string) => `AGG#${period}`,
};

export const aggregateAttributes = (behaviour: string) => ({ n: `n_${behaviour}`, sum: `s_${behaviour}`, sumsq: `q_${behaviour}`, low: `l_${behaviour}` });
