import * as v from "valibot";

/** A customer's value tier, A the highest: the recovery plan and campaigns go by it. A leaf module, so pages can list the tiers. */
export const ValueTierSchema = v.picklist(["A", "B", "C"], "must be A, B or C");
