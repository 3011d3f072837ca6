import { bounds, next, periodOf, previous } from "./quarter.ts";
import { mustBeOpen } from "./state.ts";
import { close, finishInterrupted } from "./close.ts";
import { reopen } from "./reopen.ts";

export { PeriodSchema, bounds, periodOf } from "./quarter.ts";
export { SnapshotSchema } from "./snapshot.ts";
export { ReopenedSchema } from "./reopen.ts";

/**
 * Periods (calendar quarters) and their life: a response counts in the period of its submission unless
 * that one is closed (quarter.ts, state.ts); finance closes a period (close.ts says what that freezes)
 * and may reopen it (reopen.ts).
 */
export const Period = { periodOf, next, previous, bounds, mustBeOpen, close, reopen, finishInterrupted };
