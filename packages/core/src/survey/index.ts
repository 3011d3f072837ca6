import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryAll, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { surveyKeys } from "./keys.ts";

/** A behaviour the customer rates 1–5 (or "not applicable"). */
export type Behaviour = v.InferOutput<typeof BehaviourSchema>;
export type Survey = v.InferOutput<typeof SurveyRecordSchema>;

/** The default report card: six relationship behaviours (product brief, "Report card"), in English with French, German and Spanish labels. */
export const defaultSurvey: Survey = {
  version: "rc-2026-1",
  behaviours: [
    {
      id: "listening",
      label: "Listens and understands what matters to me",
      labels: { fr: "Écoute et comprend ce qui compte pour moi", de: "Hört zu und versteht, was mir wichtig ist", es: "Escucha y entiende lo que me importa" },
    },
    {
      id: "follow_up",
      label: "Follows up and keeps promises on time",
      labels: { fr: "Assure le suivi et tient ses promesses dans les délais", de: "Bleibt dran und hält Zusagen pünktlich ein", es: "Hace seguimiento y cumple sus promesas a tiempo" },
    },
    {
      id: "proactive",
      label: "Brings ideas and solutions relevant to my business",
      labels: {
        fr: "Apporte des idées et des solutions utiles à mon activité",
        de: "Bringt Ideen und Lösungen ein, die für mein Geschäft relevant sind",
        es: "Aporta ideas y soluciones relevantes para mi negocio",
      },
    },
    {
      id: "reachability",
      label: "Is reachable the way I prefer",
      labels: { fr: "Est joignable de la manière que je préfère", de: "Ist so erreichbar, wie ich es bevorzuge", es: "Está localizable de la forma que prefiero" },
    },
    {
      id: "advocacy",
      label: "Advocates for me inside their company",
      labels: { fr: "Défend mes intérêts au sein de son entreprise", de: "Setzt sich im eigenen Unternehmen für mich ein", es: "Defiende mis intereses dentro de su empresa" },
    },
    {
      id: "customer_first",
      label: "Puts my interests first, even pointing me elsewhere when their offer is not the right fit",
      labels: {
        fr: "Fait passer mes intérêts en premier, quitte à m'orienter ailleurs quand son offre ne me convient pas",
        de: "Stellt meine Interessen an erste Stelle und verweist mich sogar woandershin, wenn das eigene Angebot nicht passt",
        es: "Antepone mis intereses, incluso recomendándome otra opción cuando su oferta no es la adecuada",
      },
    },
  ],
};

const known = new Map<string, Survey>([[defaultSurvey.version, defaultSurvey]]);

/** The built-in survey (sync callers that have no stored survey to hand: benches, fixtures). */
export function current(): Survey {
  return defaultSurvey;
}

/** A survey version seen by this process (published or loaded), or the built-in one. */
export function get(version: string): Survey {
  return known.get(version) ?? defaultSurvey;
}

/**
 * The statement a customer reads for a behaviour in their language: its translation on the survey version,
 * else (a behaviour of the built-in survey, unchanged) the built-in translation, else the default label.
 */
export function labelFor(behaviour: Behaviour, language: string): string {
  const own = behaviour.labels?.[language];
  if (own) return own;
  const builtIn = defaultSurvey.behaviours.find((b) => b.id === behaviour.id && b.label === behaviour.label);
  return builtIn?.labels?.[language] ?? behaviour.label;
}

/** The behaviours an invitation asks about: frozen on the invitation when it was sent. */
export function behavioursOf(inv: { surveyVersion: string; behaviours?: Behaviour[] }): Behaviour[] {
  return inv.behaviours?.length ? inv.behaviours : get(inv.surveyVersion).behaviours;
}

const LabelSchema = v.pipe(v.string("must be text"), v.trim(), v.nonEmpty("is required"), v.maxLength(200, "must be at most 200 characters"));

const BehaviourSchema = v.strictObject({
  id: v.pipe(v.string("must be text"), v.trim(), v.regex(/^[a-z][a-z_]{0,39}$/, "must be lower-case letters and underscores, such as follow_up")),
  label: v.pipe(LabelSchema, v.description("The statement the customer rates, about the rep, in the organization's language: \"Listens and understands what matters to me\".")),
  labels: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), v.regex(/^[a-z]{2,3}$/, "must be keyed by a language code such as fr, de or es")), LabelSchema, "must be an object of labels by language"),
      v.check((labels) => Object.keys(labels).length <= 20, "must have at most 20 languages"),
      v.description('The same statement in other languages, keyed by language code: `{"fr": "Écoute et comprend ce qui compte pour moi"}`. A customer whose language has none reads `label`.'),
    ),
  ),
});

/** A published survey: its version and the behaviours its report cards ask about. */
export const SurveyRecordSchema = v.object({ version: v.string(), behaviours: v.array(BehaviourSchema) });

/** A new set of behaviours (at most six) for the report card. */
export const SurveySchema = v.strictObject({
  behaviours: v.pipe(
    v.array(BehaviourSchema, "must be a list of behaviours"),
    v.minLength(1, "must have at least one behaviour"),
    v.maxLength(6, "must have at most six behaviours"),
    v.check((list) => new Set(list.map((b) => b.id)).size === list.length, "must not repeat a behaviour id"),
  ),
});
export type SurveyInput = v.InferOutput<typeof SurveySchema>;

/** The survey new report cards are sent with: the last one published, or the built-in default. */
export async function load(): Promise<Survey> {
  const pointer = await db().send(new GetCommand({ TableName: tableName(), Key: surveyKeys.current, ConsistentRead: true }));
  const version = pointer.Item?.version as string | undefined;
  if (!version) return defaultSurvey;
  const cached = known.get(version);
  if (cached) return cached;
  const stored = await db().send(new GetCommand({ TableName: tableName(), Key: surveyKeys.version(version) }));
  if (!stored.Item) return defaultSurvey;
  const survey = { version, behaviours: stored.Item.behaviours as Behaviour[] };
  known.set(version, survey);
  return survey;
}

/** Every behaviour any survey version asked about, with its latest label: the catalogue scores are read with. */
export async function catalog(): Promise<Behaviour[]> {
  const items = await queryAll<{ sk: string; behaviours?: Behaviour[] }>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :v)",
    ExpressionAttributeValues: { ":pk": surveyKeys.versions.pk, ":v": surveyKeys.versions.prefix },
  });
  const byId = new Map(defaultSurvey.behaviours.map((b) => [b.id, b]));
  for (const item of items) for (const b of item.behaviours ?? []) byId.set(b.id, b);
  return [...byId.values()];
}

/**
 * Publishes a new set of behaviours. Invitations already sent keep theirs (each froze its behaviours),
 * and old answers are never rewritten. Audited.
 */
export async function publish(input: SurveyInput, actor: Actor): Promise<Survey> {
  const previous = await load();
  const n = previous === defaultSurvey ? 2 : Number(previous.version.split("-").pop()) + 1;
  const survey: Survey = { version: `rc-${n}`, behaviours: input.behaviours };
  await transact(
    [
      { Put: { TableName: tableName(), Item: { ...surveyKeys.version(survey.version), type: "survey", ...survey, createdAt: now().toISOString() }, ConditionExpression: "attribute_not_exists(pk)" } },
      { Put: { TableName: tableName(), Item: { ...surveyKeys.current, type: "survey-pointer", version: survey.version } } },
      Audit.record(actor, "survey.publish", `survey_${survey.version}`, { before: previous, after: survey }),
    ],
    () => {
      throw new VisibleError("conflict", "concurrent_survey_change", "Another survey was published at the same time; try again.");
    },
  );
  known.set(survey.version, survey);
  return survey;
}

/**
 * The behaviours a score is computed over, in order: the current survey's, then any others that still
 * have ratings in the period (a behaviour dropped from the survey keeps counting for the answers it has).
 */
export function scoringOrder(currentSurvey: Survey, rated: Iterable<string>): string[] {
  const ids = currentSurvey.behaviours.map((b) => b.id);
  const extra = [...new Set(rated)].filter((id) => !ids.includes(id)).sort();
  return [...ids, ...extra];
}

const RATING = "must be a whole number from 1 to 5, or na";

export const RatingValueSchema = v.union(
  [
    v.pipe(v.number(RATING), v.integer(RATING), v.minValue(1, RATING), v.maxValue(5, RATING)),
    v.pipe(v.string(RATING), v.regex(/^[1-5]$/, RATING), v.transform(Number)),
    v.literal("na", RATING),
  ],
  RATING,
);

const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string("must be text"), v.trim(), v.maxLength(max, `must be at most ${max} characters`)));

const Checkbox = v.optional(
  v.union([v.boolean(), v.pipe(v.picklist(["on", "true", "1", "yes", "false", "0", "no", ""]), v.transform((s) => ["on", "true", "1", "yes"].includes(s)))], "must be true or false"),
);

/**
 * The report card answers for one survey version. Any subset of the behaviours may be answered (the
 * rating tapped in the email arrives on its own, the rest as a revision), but at least one.
 */
export function reportCardSchema(survey: Pick<Survey, "behaviours">) {
  const ratings = Object.fromEntries(survey.behaviours.map((b) => [b.id, v.optional(RatingValueSchema)])) as Record<string, v.OptionalSchema<typeof RatingValueSchema, undefined>>;
  return v.strictObject({
    ratings: v.pipe(
      v.strictObject(ratings, "must be an object of ratings"),
      v.transform((given) => Object.fromEntries(Object.entries(given).filter(([, r]) => r !== undefined)) as Record<string, number | "na">),
      v.check((given) => Object.keys(given).length > 0, "must answer at least one statement"),
    ),
    improve: OptionalText(2000),
    aboutMe: OptionalText(2000),
    shareName: v.pipe(Checkbox, v.description('"Share my name with {rep}": the comments on the dashboard carry the name.')),
    contactOk: v.pipe(Checkbox, v.description('"May {rep} or their manager contact me about my answers?": a recovery case may name and reach them.')),
  });
}
export type ReportCardInput = v.InferOutput<ReturnType<typeof reportCardSchema>>;

/**
 * A lost deal's card: the rep's behaviours (any subset, "na" allowed) and "What would have made you choose
 * us?", with "share my name". No "may we contact you?": nothing would act on it (the customer has chosen another
 * supplier, and a lost-deal card opens no recovery case). At least one rating or the question answered.
 */
export function lostDealSchema(survey: Pick<Survey, "behaviours">) {
  const ratings = Object.fromEntries(survey.behaviours.map((b) => [b.id, v.optional(RatingValueSchema)])) as Record<string, v.OptionalSchema<typeof RatingValueSchema, undefined>>;
  return v.pipe(
    v.strictObject({
      ratings: v.optional(
        v.pipe(
          v.strictObject(ratings, "must be an object of ratings"),
          v.transform((given) => Object.fromEntries(Object.entries(given).filter(([, r]) => r !== undefined)) as Record<string, number | "na">),
        ),
        {},
      ),
      chooseUs: v.pipe(OptionalText(2000), v.description('"What would have made you choose us?"')),
      shareName: v.pipe(Checkbox, v.description('"Share my name with {rep}": the answer on the rep\'s coaching page carries the name.')),
    }),
    v.forward(
      v.check((input) => Object.keys(input.ratings).length > 0 || Boolean(input.chooseUs), "must answer at least one statement, or say what would have made you choose us"),
      ["ratings"],
    ),
  );
}
export type LostDealInput = v.InferOutput<ReturnType<typeof lostDealSchema>>;

export const Survey = { current, get, behavioursOf, labelFor, load, catalog, publish, scoringOrder, reportCardSchema, lostDealSchema };
