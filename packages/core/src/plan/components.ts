/**
 * A plan's components (product.md, "Compensation plan", "Components"): each pays for its own behaviours with
 * its own yearly ramp, and may set its own minimum responses, k, fallback, map and cap factor (otherwise the
 * plan's). A plan written before components, or without them, is one component named `relationship` over
 * every behaviour, with the plan's ramp: exactly the numbers it paid before.
 */
import * as v from "valibot";

/** The most components a plan may have. */
export const MAX_COMPONENTS = 5;

/** The name of the one component of a plan written without components. */
export const DEFAULT_COMPONENT = "relationship";

export const Ratio = (what: string) => v.pipe(v.number(`${what} must be a number`), v.minValue(0, "must be at least 0"), v.maxValue(1, "must be at most 1"));

export const BehaviourIdSchema = v.pipe(v.string("must be a behaviour id"), v.regex(/^[a-z_]{1,40}$/, "must be a behaviour id"));

export const MinResponsesSchema = v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(1, "must be at least 1"), v.maxValue(1000, "must be at most 1000"));
export const KSchema = v.pipe(v.number("must be a number"), v.minValue(0, "must be at least 0"), v.maxValue(1000, "must be at most 1000"));
export const FactorSchema = v.pipe(v.number("must be a number"), v.minValue(0, "must be at least 0"), v.maxValue(10, "must be at most 10"));

/** The score-to-factor map: at least two points, scores rising, factors never falling. */
export const FactorMapSchema = v.pipe(
  v.array(v.strictObject({ score: v.pipe(v.number("must be a number"), v.minValue(1, "must be at least 1"), v.maxValue(5, "must be at most 5")), factor: FactorSchema })),
  v.minLength(2, "must have at least two points"),
  v.check((points) => points.every((p, i) => i === 0 || p.score > points[i - 1]!.score), "scores must increase from point to point"),
  v.check((points) => points.every((p, i) => i === 0 || p.factor >= points[i - 1]!.factor), "factors must never decrease as the score rises"),
);

/** One component as an admin writes it. */
export const ComponentSchema = v.pipe(
  v.strictObject({
    id: v.pipe(
      v.string("must be text"),
      v.regex(/^[a-z][a-z0-9_]{0,39}$/, "must be lower-case letters, digits and underscores, such as secret_gathering"),
      v.description("The component's name in bonus rows and the CSV's component column."),
    ),
    behaviours: v.nullish(
      v.pipe(
        v.array(BehaviourIdSchema),
        v.minLength(1, "must name at least one behaviour"),
        v.maxLength(6, "must name at most 6 behaviours"),
        v.check((ids) => new Set(ids).size === ids.length, "names a behaviour twice"),
        v.description("The behaviours it pays for. Omitted or null: every behaviour the period scores (only in a plan of one component)."),
      ),
    ),
    weightBase: Ratio("weightBase"),
    weightStep: Ratio("weightStep"),
    weightCap: Ratio("weightCap"),
    minResponses: v.optional(MinResponsesSchema),
    k: v.optional(KSchema),
    fallbackFactor: v.optional(FactorSchema),
    factorMap: v.optional(FactorMapSchema),
    capFactor: v.optional(FactorSchema),
  }),
  v.forward(
    v.check((c) => c.weightCap >= c.weightBase, "must be at least weightBase"),
    ["weightCap"],
  ),
);
export type ComponentInput = v.InferOutput<typeof ComponentSchema>;

const sumOfCaps = (components: ComponentInput[]) => components.reduce((sum, c) => sum + c.weightCap, 0);

/** A behaviour named by two components, if any. */
function sharedBehaviour(components: ComponentInput[]): string | undefined {
  const owner = new Map<string, string>();
  for (const c of components) {
    for (const b of c.behaviours ?? []) {
      if (owner.has(b)) return `${b} is in both ${owner.get(b)} and ${c.id}`;
      owner.set(b, c.id);
    }
  }
  return undefined;
}

/** A plan's components: 1–5, distinct names, each behaviour in at most one, the caps adding up to at most the whole bonus. */
export const ComponentsSchema = v.pipe(
  v.array(ComponentSchema),
  v.minLength(1, "must have at least one component"),
  v.maxLength(MAX_COMPONENTS, `must have at most ${MAX_COMPONENTS} components`),
  v.check((cs) => new Set(cs.map((c) => c.id)).size === cs.length, "must give each component its own id"),
  v.check((cs) => cs.length === 1 || cs.every((c) => c.behaviours), "must name each component's behaviours when there is more than one"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const shared = sharedBehaviour(dataset.value);
    if (shared) addIssue({ message: `must count each behaviour toward at most one component: ${shared}` });
  }),
  // A rounding tolerance: 0.25 + 0.35 + 0.4 adds up to 1.0000000000000002 in floating point.
  v.check((cs) => sumOfCaps(cs) <= 1 + 1e-9, "must have caps (weightCap) that add up to at most 1"),
);

/** The plan-wide settings a component falls back to. */
export interface PlanDefaults {
  minResponses: number;
  k: number;
  fallbackFactor: number;
  factorMap: { score: number; factor: number }[];
  capFactor: number;
}

/** A component with every setting resolved: what the bonus inputs are computed with. */
export interface Component extends PlanDefaults {
  id: string;
  /** The behaviours it pays for; null for every behaviour the period scores. */
  behaviours: string[] | null;
  weightBase: number;
  weightStep: number;
  weightCap: number;
}

/** What a stored plan holds that decides its components. */
export interface ComponentSource extends PlanDefaults {
  /** As written, or already resolved (`behaviours: null` is every behaviour, as when left out). */
  components?: (Omit<ComponentInput, "behaviours"> & { behaviours?: string[] | null })[];
  weightBase?: number;
  weightStep?: number;
  weightCap?: number;
}

/** The plan's components with every setting resolved; a plan without components is one `relationship` component over every behaviour. */
export function componentsOf(plan: ComponentSource): Component[] {
  const defaults = { minResponses: plan.minResponses, k: plan.k, fallbackFactor: plan.fallbackFactor, factorMap: plan.factorMap, capFactor: plan.capFactor };
  if (!plan.components?.length) {
    return [{ id: DEFAULT_COMPONENT, behaviours: null, weightBase: plan.weightBase ?? 0, weightStep: plan.weightStep ?? 0, weightCap: plan.weightCap ?? 0, ...defaults }];
  }
  return plan.components.map((c) => ({
    id: c.id,
    behaviours: c.behaviours ?? null,
    weightBase: c.weightBase,
    weightStep: c.weightStep,
    weightCap: c.weightCap,
    minResponses: c.minResponses ?? defaults.minResponses,
    k: c.k ?? defaults.k,
    fallbackFactor: c.fallbackFactor ?? defaults.fallbackFactor,
    factorMap: c.factorMap ?? defaults.factorMap,
    capFactor: c.capFactor ?? defaults.capFactor,
  }));
}
