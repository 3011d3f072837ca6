import { clear, voidResponse } from "./decide.ts";
import { list } from "./list.ts";

export { FlagSchema, flagStatuses } from "./record.ts";
export { FlagListSchema } from "./list.ts";
export { ClearFlagSchema, VoidFlagSchema } from "./decide.ts";

/**
 * Bias flags: the rules that raise them (rules.ts, one entry per rule), raised with the counted card that
 * fires them (raise.ts, written by submission/report-card.ts and, for a counted lost-deal card, submission/lost-deal.ts), listed per period (list.ts), and cleared or
 * voided with their response by finance (decide.ts). An open flag stops its period's close (period/close.ts).
 */
export const Flag = { list, clear, voidResponse };
