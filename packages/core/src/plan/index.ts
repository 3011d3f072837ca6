import * as v from "valibot";
import { DateTime } from "luxon";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, strip, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { CalendarDateSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { Survey } from "../survey/index.ts";
import { bounds } from "../period/quarter.ts";
import { planKeys } from "./keys.ts";
import { BehaviourIdSchema, ComponentSchema, ComponentsSchema, componentsOf, DEFAULT_COMPONENT, FactorMapSchema, FactorSchema, KSchema, MinResponsesSchema, Ratio, type Component } from "./components.ts";

export type { Component } from "./components.ts";

/** How a lost deal's card counts: for coaching only (the default), or toward scores and pay like a report card. */
export const lostDealModes = ["coaching", "counted"] as const;
export type LostDealMode = (typeof lostDealModes)[number];
const LostDealCardsSchema = v.pipe(
  v.picklist(lostDealModes, "must be coaching or counted"),
  v.description(
    "How a lost deal's card counts, decided by the plan in force when it is sent (a plan published between the send and the answer changes nothing for that card). coaching (the default): its ratings go to the rep's coaching aggregates and the lost-deal insights only, never to scores, bonus inputs, the response rate or recognition. counted: it also counts exactly like a report card (the rep's aggregates, responses, invited and answered).",
  ),
);

/** A compensation plan as an admin writes it; validated for weights, a monotonic factor map, caps and the year ramp. */
export const PlanSchema = v.pipe(
  v.strictObject({
    startDate: CalendarDateSchema,
    weightBase: v.optional(Ratio("weightBase")),
    weightStep: v.optional(Ratio("weightStep")),
    weightCap: v.optional(Ratio("weightCap")),
    components: v.optional(ComponentsSchema),
    behaviourWeights: v.record(BehaviourIdSchema, v.pipe(v.number(), v.minValue(0, "must be at least 0"), v.maxValue(100, "must be at most 100"))),
    minResponses: MinResponsesSchema,
    k: KSchema,
    fallbackFactor: FactorSchema,
    factorMap: FactorMapSchema,
    capFactor: FactorSchema,
    minResponseRate: v.optional(v.pipe(Ratio("minResponseRate"), v.description("Below this share of report cards answered, no component is eligible. 0 (the default) turns it off."))),
    lostDealCards: v.optional(LostDealCardsSchema),
  }),
  // One ramp or components, never both: with components, each carries its own ramp.
  v.forward(
    v.check((p) => Boolean(p.components) || (p.weightBase !== undefined && p.weightStep !== undefined && p.weightCap !== undefined), "is required unless the plan has components"),
    ["weightBase"],
  ),
  v.forward(
    v.check((p) => !p.components || (p.weightBase === undefined && p.weightStep === undefined && p.weightCap === undefined), "must be left out: with components, each component has its own weightBase, weightStep and weightCap"),
    ["components"],
  ),
  v.forward(v.check((p) => p.weightCap === undefined || p.weightBase === undefined || p.weightCap >= p.weightBase, "must be at least weightBase"), ["weightCap"]),
  v.forward(v.check((p) => Object.values(p.behaviourWeights).some((w) => w > 0) || Object.keys(p.behaviourWeights).length === 0, "must give at least one behaviour a weight above 0"), ["behaviourWeights"]),
  // A component whose behaviours all weigh 0 would never have a score, and pay its fallback while eligible.
  v.forward(
    v.check((p) => (p.components ?? []).every((c) => !c.behaviours || c.behaviours.some((b) => (p.behaviourWeights[b] ?? 1) > 0)), "must give each component at least one behaviour with a weight above 0"),
    ["components"],
  ),
);
export type PlanInput = v.InferOutput<typeof PlanSchema>;

/**
 * A published version of the plan: its version, when it was published, its settings and its components as
 * written (a plan written with one ramp answers it as its one component, `relationship`), so what a plan
 * answers can be published again as it is. A setting a component leaves out is the plan's.
 */
export const PlanRecordSchema = v.object({
  version: v.number(),
  createdAt: v.string(),
  ...v.omit(PlanSchema.pipe[0], ["weightBase", "weightStep", "weightCap", "components"]).entries,
  components: v.pipe(v.array(ComponentSchema), v.description("The plan's components; a plan written without components has one, `relationship`, over every behaviour, on the plan's ramp.")),
});
export type Plan = v.InferOutput<typeof PlanRecordSchema>;

/** A plan as stored: the fields as written, without the resolved components. */
type StoredPlan = PlanInput & { version: number; createdAt: string };

/** How a plan counts lost-deal cards: as it says, or for coaching when it says nothing (every plan before the setting). */
export function lostDealModeOf(plan: Pick<Plan, "lostDealCards">): LostDealMode {
  return plan.lostDealCards ?? "coaching";
}

/** A stored plan as reads answer it: its one ramp, if it was written so, answered as its one component; lostDealCards always said. */
function resolved(stored: StoredPlan): Plan {
  const { weightBase, weightStep, weightCap, components, lostDealCards, ...settings } = stored;
  return {
    ...settings,
    components: components ?? [{ id: DEFAULT_COMPONENT, weightBase: weightBase ?? 0, weightStep: weightStep ?? 0, weightCap: weightCap ?? 0 }],
    lostDealCards: lostDealModeOf({ lostDealCards }),
  };
}

/** The default plan (product.md, "Compensation plan"), starting on `startDate`, weighting `survey`'s behaviours equally. */
export function defaultPlan(startDate: string, survey = Survey.current()): PlanInput {
  return {
    startDate,
    weightBase: 0.2,
    weightStep: 0.05,
    weightCap: 0.4,
    behaviourWeights: Object.fromEntries(survey.behaviours.map((b) => [b.id, 1])),
    minResponses: 5,
    k: 5,
    fallbackFactor: 1,
    factorMap: [
      { score: 1, factor: 0 },
      { score: 3, factor: 0.5 },
      { score: 4, factor: 1 },
      { score: 4.5, factor: 1.25 },
      { score: 5, factor: 1.5 },
    ],
    capFactor: 1.5,
    lostDealCards: "coaching",
  };
}

/**
 * The plan the seeds describe (product.md, "Compensation plan"): 25% for secret gathering (listening and
 * bringing relevant ideas), 20% for putting the customer first, and 20% for the rest of the relationship,
 * rising 5 points a year to 40%. Its caps add up to 0.85. The API's example and the plan page start from it.
 */
export function seedsPlan(startDate: string, survey = Survey.current()): PlanInput {
  const { weightBase: _b, weightStep: _s, weightCap: _c, ...rest } = defaultPlan(startDate, survey);
  return {
    ...rest,
    components: [
      { id: "relationship", behaviours: ["follow_up", "reachability", "advocacy"], weightBase: 0.2, weightStep: 0.05, weightCap: 0.4 },
      { id: "secret_gathering", behaviours: ["listening", "proactive"], weightBase: 0.25, weightStep: 0, weightCap: 0.25 },
      { id: "customer_first", behaviours: ["customer_first"], weightBase: 0.2, weightStep: 0, weightCap: 0.2 },
    ],
  };
}

/** Who stores the default plan when nobody chose one (a close, the first plan edit, the scheduled job). */
const DEFAULT_ACTOR: Actor = { kind: "system", id: "default-plan" };

/**
 * The default plan as version 1, starting today. It counts as created at the start of its start date, so
 * the plan a read answers before it is stored is exactly the plan stored later that day.
 */
async function defaultVersion(): Promise<StoredPlan> {
  const startDate = now().toISOString().slice(0, 10);
  return { ...defaultPlan(startDate, await Survey.load()), version: 1, createdAt: DateTime.fromISO(startDate, { zone: "utc" }).toISO()! };
}

/** The stored current plan, or undefined before one is stored. */
export async function current(): Promise<Plan | undefined> {
  const pointer = await db().send(new GetCommand({ TableName: tableName(), Key: planKeys.current, ConsistentRead: true }));
  const version = pointer.Item?.version as number | undefined;
  return version ? get(version) : undefined;
}

/** The current plan, or a 404 telling the admin to create one. */
export async function mustCurrent(): Promise<Plan> {
  const plan = await current();
  if (!plan) throw new VisibleError("not-found", "no_plan", "No compensation plan exists yet. An admin creates one with POST /v1/plans.");
  return plan;
}

/**
 * The plan in force: the stored current version or, before any plan is stored, the default plan as
 * version 1, answered as a value. Reads use this; they never store a plan.
 */
export async function inForce(): Promise<Plan> {
  return (await current()) ?? resolved(await defaultVersion());
}

/** One version of the plan; version 1 is the default plan until one is stored (versions are stored from 1 up). */
export async function get(version: number): Promise<Plan | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: planKeys.version(version) }));
  if (!result.Item) return version === 1 ? resolved(await defaultVersion()) : undefined;
  return resolved(strip(result.Item) as StoredPlan);
}

/**
 * Publishes a new plan version (the old ones stay readable); audited, as every change that can move money.
 * The default plan that reads showed as version 1 is stored first, so the new plan is version 2 at least.
 */
export async function create(input: PlanInput, actor: Actor): Promise<Plan> {
  const known = new Set((await Survey.catalog()).map((b) => b.id));
  const named = { behaviourWeights: Object.keys(input.behaviourWeights), components: (input.components ?? []).flatMap((c) => c.behaviours ?? []) };
  for (const [field, ids] of Object.entries(named)) {
    const unknown = ids.filter((b) => !known.has(b));
    if (unknown.length) {
      throw new VisibleError("input", "invalid_input", `${field} names a behaviour the survey does not have: ${unknown.join(", ")}.`, {
        [field]: `names a behaviour the survey does not have: ${unknown.join(", ")}`,
      });
    }
  }
  const previous = await ensureDefault();
  return store({ ...input, version: previous.version + 1, createdAt: now().toISOString() }, previous, actor);
}

/** Stores `plan` as the current version in one transaction, if `previous` is still the current one. */
async function store(plan: StoredPlan, previous: Plan | undefined, actor: Actor): Promise<Plan> {
  await transact(
    [
      { Put: { TableName: tableName(), Item: { ...planKeys.version(plan.version), type: "plan", ...plan }, ConditionExpression: "attribute_not_exists(pk)" } },
      {
        Put: {
          TableName: tableName(),
          Item: { ...planKeys.current, type: "plan-pointer", version: plan.version },
          ...(previous
            ? { ConditionExpression: "version = :previous", ExpressionAttributeValues: { ":previous": previous.version } }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        },
      },
      Audit.record(actor, "plan.create", `plan_v${plan.version}`, { before: previous ?? null, after: resolved(plan) }),
    ],
    () => {
      throw new VisibleError("conflict", "concurrent_plan_change", "Another plan version was published at the same time; read the current plan and try again.");
    },
  );
  return resolved(plan);
}

/**
 * The stored current plan, storing the default plan as version 1 first when none is stored yet. Only
 * writes call this (a close, a plan edit, the scheduled job, the demo seed); reads use `inForce`.
 */
export async function ensureDefault(actor: Actor = DEFAULT_ACTOR): Promise<Plan> {
  const existing = await current();
  if (existing) return existing;
  try {
    return await store(await defaultVersion(), undefined, actor);
  } catch (error) {
    // Another request created it at the same moment: use theirs.
    if (error instanceof VisibleError && error.code === "concurrent_plan_change") return mustCurrent();
    throw error;
  }
}

/** The plan year a period falls in: year 1 starts on the plan's start date (counted at the period's start). */
export function planYear(plan: Pick<Plan, "startDate">, period: string): number {
  const start = new Date(`${plan.startDate}T00:00:00Z`);
  const at = bounds(period).start;
  let years = at.getUTCFullYear() - start.getUTCFullYear();
  const anniversary = new Date(Date.UTC(at.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  if (at < anniversary) years -= 1;
  return Math.max(1, years + 1);
}

/** One component's share of the bonus in a period: min(cap, base + step·(year − 1)), rounded off floating-point dust. */
export function componentWeight(plan: Pick<Plan, "startDate">, component: Pick<Component, "weightBase" | "weightStep" | "weightCap">, period: string): number {
  const weight = Math.min(component.weightCap, component.weightBase + component.weightStep * (planYear(plan, period) - 1));
  return Math.round(weight * 1e12) / 1e12;
}

export const Plan = { lostDealModeOf, current, inForce, mustCurrent, get, create, ensureDefault, defaultPlan, seedsPlan, planYear, componentWeight, componentsOf };
