import type { Child } from "hono/jsx";

/** A JSON Schema (2020-12) node as the OpenAPI document publishes it. */
export type Schema = { [keyword: string]: any };

/** The parts of the OpenAPI 3.1 document the reference reads. */
export interface Spec {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    headers?: Record<string, { description?: string; required?: boolean; schema?: Schema }>;
    securitySchemes?: Record<string, { type: string; scheme?: string; in?: string; name?: string; description?: string }>;
  };
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: Schema;
}

export interface Media {
  schema?: Schema;
  example?: unknown;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, Media> };
  responses: Record<string, { description: string; headers?: Record<string, Schema>; content?: Record<string, Media> }>;
}

const PREFIX = "#/components/schemas/";

/** The component a `$ref` names, or undefined for an inline schema. */
export const refName = (schema: Schema | undefined): string | undefined =>
  typeof schema?.$ref === "string" && schema.$ref.startsWith(PREFIX) ? schema.$ref.slice(PREFIX.length) : undefined;

/** The schema itself: a `$ref` followed to its component. */
export function resolve(spec: Spec, schema: Schema | undefined): Schema {
  const name = refName(schema);
  return name ? (spec.components.schemas[name] ?? {}) : (schema ?? {});
}

/** Text with `code spans` set as code. */
export function prose(text: string | undefined): Child {
  if (!text) return null;
  return text.split(/(`[^`]+`)/).map((part) => (part.startsWith("`") && part.endsWith("`") && part.length > 1 ? <code>{part.slice(1, -1)}</code> : part));
}

const isNull = (s: Schema) => s.type === "null";
const variantsOf = (s: Schema): Schema[] => s.oneOf ?? s.anyOf ?? [];

/** A short type, such as `string (email)`, `array of Rep`, `number or null`, `"open" | "resolved"`. */
function typeLabel(spec: Spec, schema: Schema | undefined, seen: string[] = []): string {
  const name = refName(schema);
  const s = resolve(spec, schema);
  if (name && s.type === "object" && s.properties) return name;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v: unknown) => JSON.stringify(v)).join(" | ");
  const variants = variantsOf(s);
  if (variants.length) {
    const kept = variants.filter((v) => !isNull(resolve(spec, v)));
    const text = kept.map((v) => typeLabel(spec, v, seen)).join(" or ");
    return kept.length < variants.length ? `${text} or null` : text;
  }
  if (Array.isArray(s.type)) return s.type.join(" or ");
  if (s.type === "array") return `array of ${typeLabel(spec, s.items, seen)}`;
  if (s.type === "object") {
    if (s.properties && Object.keys(s.properties).length) return "object";
    if (s.additionalProperties && typeof s.additionalProperties === "object") return `map of ${typeLabel(spec, s.additionalProperties, seen)}`;
    return s.additionalProperties === true ? "object (any fields)" : "object";
  }
  if (s.format) return `${s.type} (${s.format})`;
  return s.type ?? "any";
}

const range = (min: unknown, max: unknown, unit: string) =>
  min !== undefined && max !== undefined ? `${min}–${max}${unit}` : min !== undefined ? `at least ${min}${unit}` : max !== undefined ? `at most ${max}${unit}` : undefined;

/** The schema's limits in words: lengths, ranges, patterns, key patterns. */
function constraints(spec: Spec, schema: Schema | undefined): string[] {
  const s = resolve(spec, schema);
  const out = [
    range(s.minLength, s.maxLength, " characters"),
    range(s.minimum, s.maximum, ""),
    range(s.minItems, s.maxItems, " items"),
    s.pattern ? `matches \`${s.pattern}\`` : undefined,
    s.propertyNames?.pattern ? `keys match \`${s.propertyNames.pattern}\`` : undefined,
  ];
  for (const variant of variantsOf(s)) {
    if (objectOf(spec, variant)) continue;
    out.push(...constraints(spec, variant).map((c) => `${typeLabel(spec, variant)}: ${c}`));
  }
  const item = s.type === "array" ? resolve(spec, s.items) : undefined;
  if (item && !item.properties) out.push(...constraints(spec, item).map((c) => `each ${c}`));
  const values = s.type === "object" && typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
  if (values) out.push(...constraints(spec, values).map((c) => `each value ${c}`));
  return out.filter((c): c is string => Boolean(c));
}

/** The object whose fields a schema shows below its line: itself, its items, or its map values. */
function objectOf(spec: Spec, schema: Schema | undefined): Schema | undefined {
  const s = resolve(spec, schema);
  if (s.type === "object" && s.properties && Object.keys(s.properties).length) return s;
  if (s.type === "array") return objectOf(spec, s.items);
  if (s.type === "object" && typeof s.additionalProperties === "object") return objectOf(spec, s.additionalProperties);
  const kept = variantsOf(s).filter((v) => !isNull(resolve(spec, v)));
  return kept.length === 1 ? objectOf(spec, kept[0]) : undefined;
}

/** One field: its name, type, whether it is required, what it means and its limits, then its own fields. */
export const Field = (props: { spec: Spec; name: string; schema: Schema | undefined; required: boolean; description?: string | undefined; seen: string[] }) => {
  const { spec, name, schema, required, seen } = props;
  const s = resolve(spec, schema);
  const limits = constraints(spec, schema);
  const description = props.description ?? s.description;
  return (
    <li>
      <code class="name">{name}</code> <span class="type">{typeLabel(spec, schema, seen)}</span>
      {required ? <span class="req">required</span> : <span class="opt">optional</span>}
      {description ? <div class="desc">{prose(description)}</div> : null}
      {limits.length ? <div class="limits">{prose(limits.join("; "))}</div> : null}
      <Fields spec={spec} schema={schema} seen={seen} />
    </li>
  );
};

/** The fields of an object schema (or of its items, map values or variants) as a nested list; a component already open above is named, not repeated. */
const Fields = (props: { spec: Spec; schema: Schema | undefined; seen: string[] }): Child => {
  const { spec, schema, seen } = props;
  const name = refName(schema) ?? refName(resolve(spec, schema).items);
  if (name && seen.includes(name)) return null;
  const nextSeen = name ? [...seen, name] : seen;
  const s = resolve(spec, schema);
  const variants = variantsOf(s).filter((v) => objectOf(spec, v));
  if (variants.length > 1) {
    return (
      <ul class="fields variants">
        {variants.map((v, i) => (
          <li>
            <span class="variant">{`One of ${i + 1}: ${refName(v) ?? typeLabel(spec, v, seen)}`}</span>
            {resolve(spec, v).description ? <div class="desc">{prose(resolve(spec, v).description)}</div> : null}
            <Fields spec={spec} schema={v} seen={nextSeen} />
          </li>
        ))}
      </ul>
    );
  }
  const object = objectOf(spec, schema);
  if (!object) return null;
  const required = new Set<string>(object.required ?? []);
  return (
    <ul class="fields">
      {Object.entries(object.properties as Record<string, Schema>).map(([field, child]) => (
        <Field spec={spec} name={field} schema={child} required={required.has(field)} seen={nextSeen} />
      ))}
      {object.additionalProperties === true ? <li class="more">Other fields are passed through.</li> : null}
    </ul>
  );
};

/** A body: its component's name (unless the caller shows it) and description, its fields, then its example. */
export const Body = (props: { spec: Spec; schema: Schema | undefined; example?: unknown; named?: boolean }) => {
  const { spec, schema } = props;
  const s = resolve(spec, schema);
  const example = props.example ?? s.examples?.[0];
  const variants = variantsOf(s);
  return (
    <div class="body">
      {!props.named || s.description ? (
        <p class="shape">
          {props.named ? null : <span class="type">{refName(schema) ?? typeLabel(spec, schema)}</span>}
          {s.description ? <> {prose(s.description)}</> : null}
        </p>
      ) : null}
      <Fields spec={spec} schema={schema} seen={[]} />
      {example !== undefined ? <Example label="Example" value={example} /> : null}
      {example === undefined && variants.length
        ? variants
            .map((v) => resolve(spec, v).examples?.[0])
            .filter((e) => e !== undefined)
            .map((e, i) => <Example label={`Example ${i + 1}`} value={e} />)
        : null}
    </div>
  );
};

/** An example, pretty-printed; a string (CSV, HTML) is shown as it is sent. */
export const Example = (props: { label: string; value: unknown }) => (
  <figure class="example">
    <figcaption>{props.label}</figcaption>
    <pre tabindex={0}>
      <code>{typeof props.value === "string" ? props.value : JSON.stringify(props.value, null, 2)}</code>
    </pre>
  </figure>
);
