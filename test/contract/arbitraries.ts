import fc, { type Arbitrary } from "fast-check";

type Json = Record<string, any>;

/** Strings that have broken parsers, key builders and headers before: controls, bidi overrides, prototype names, huge numbers. */
const NASTY = [
  "",
  " ",
  "\u0000",
  "\r\n",
  "a\r\nBcc: x@example.com",
  "\u202e",
  "%",
  "%00",
  "../..",
  "#",
  "?",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "NaN",
  "-1",
  "0",
  "1e309",
  "99999999999999999999",
  "2026-13-45",
  "9999-Q9",
  "\ud83d\udca5",
  "<script>alert(1)</script>",
  "' OR '1'='1",
  ":segment",
  "#n",
];

/** Any short string: ASCII, any Unicode, or one of the strings above. */
export const junkString: Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 10 }), weight: 1 },
);

/** Any JSON value, including shapes no schema asks for. */
export const junkValue: Arbitrary<unknown> = fc.oneof(
  junkString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, [], {}, [[[[[]]]]], { "": "" }),
);

function resolve(doc: Json, schema: Json): Json {
  if (!schema.$ref) return schema;
  return resolve(doc, doc.components.schemas[String(schema.$ref).split("/").pop()!]);
}

/** An address any validator takes (fast-check's own addresses are valid by RFC 5322 but mostly odd). */
const plainEmail = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,15}[a-z0-9]$/), fc.nat(99_999)).map(([local, n]) => `${local.replace(/\.+/g, ".")}${n}@example.com`);

/** Values for string fields whose schema says less than the server checks (a zone name, a channel's contact). */
const HINTS: Record<string, Arbitrary<string>> = {
  timezone: fc.constantFrom("Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"),
  contact: fc.constantFrom("+1 415 555 0123", "sam@example.com", "https://meet.example.com/sam"),
};

function stringOf(schema: Json): Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, minLength + 40);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  if (schema.format === "email") return fc.oneof({ arbitrary: plainEmail, weight: 4 }, { arbitrary: fc.emailAddress().filter((s) => s.length <= (schema.maxLength ?? 254)), weight: 1 });
  if (schema.format === "date") return fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === "date-time") return fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
  return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: "grapheme", minLength, maxLength }));
}

/**
 * Values the JSON Schema `schema` (an OpenAPI component or inline schema of `doc`) accepts, or nearly so:
 * formats and patterns are followed as fast-check can, so a few are refused (an email the server finds
 * odd), which is what a near-valid input is for. A string with a pattern is half the time one of the
 * `pool` values that fits it (real ids and tokens).
 */
export function fromSchema(doc: Json, raw: Json, pool: string[] = [], depth = 0): Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  if (depth > 6) return fc.constant(null);
  if ("const" in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => fromSchema(doc, alternative, pool, depth + 1)));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type: string) => fromSchema(doc, { ...schema, type }, pool, depth + 1)));
  switch (schema.type) {
    case "string": {
      // Ids and tokens of real records where the pattern fits them, so a request gets past "unknown id".
      const fitting = schema.pattern ? pool.filter((value) => new RegExp(schema.pattern).test(value)) : [];
      return fitting.length ? fc.oneof(fc.constantFrom(...fitting), stringOf(schema)) : stringOf(schema);
    }
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const minLength = schema.minItems ?? 0;
      return fc.array(fromSchema(doc, schema.items ?? {}, pool, depth + 1), { minLength, maxLength: Math.min(schema.maxItems ?? minLength + 4, minLength + 4) });
    }
    case "object": {
      const properties = (schema.properties ?? {}) as Json;
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => {
            const made = fromSchema(doc, property as Json, pool, depth + 1);
            return [name, HINTS[name] ? fc.oneof({ arbitrary: HINTS[name], weight: 3 }, { arbitrary: made, weight: 1 }) : made];
          }),
        ),
        { requiredKeys: (schema.required ?? []).filter((name: string) => name in properties) },
      );
      if (!schema.additionalProperties || typeof schema.additionalProperties !== "object") return record;
      const extra = fc.dictionary(stringOf(schema.propertyNames ?? { type: "string", maxLength: 20 }), fromSchema(doc, schema.additionalProperties, pool, depth + 1), { maxKeys: 4 });
      return fc.tuple(record, extra).map(([named, more]) => ({ ...more, ...named }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * `valid` as it is, or one step off: a field dropped, a field holding junk, an unknown field added, or the
 * whole value replaced by junk.
 */
export function nearly(valid: Arbitrary<unknown>): Arbitrary<unknown> {
  return fc.tuple(valid, fc.constantFrom("as is", "as is", "as is", "drop", "junk field", "extra field", "junk"), fc.nat(), junkValue, junkString).map(([value, how, pick, junk, name]) => {
    if (how === "junk") return junk;
    if (how === "as is" || !value || typeof value !== "object" || Array.isArray(value)) return value;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length ? keys[pick % keys.length]! : name;
    if (how === "drop") delete copy[key];
    else if (how === "junk field") copy[key] = junk;
    else copy[name || "extra"] = junk;
    return copy;
  });
}
