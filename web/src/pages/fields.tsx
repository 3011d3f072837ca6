import type { Child } from "hono/jsx";
import { formatDate } from "@rapport/core/clock/format-date";
import { catalogs, type Messages } from "@rapport/core/i18n/index";
import type { FieldErrors } from "./props.ts";
import { useLocale, useMessages } from "./locale.tsx";

/** A DOM id made from a posted field name or a choice value (`ratings.follow_up` → `ratings-follow_up`). */
export function idOf(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_-]+/g, "-")).join("-");
}

/** How the error summary and the field describe one posted field. */
export interface FieldRef {
  /** The name as posted and as keyed in FieldErrors. */
  name: string;
  /** The id the summary links to (the input, or the first radio of a group). */
  target: string;
  /** Prefixed to schema fragments such as "must be at most 200 characters". */
  label: string;
  /** Replaces a schema fragment for a choice the customer has not made ("Choose your time zone"). */
  choose?: string;
}

/** A schema's English fragment ("must be …") in the customer's language, or undefined when the catalog does not know it. */
function fragmentIn(fragment: string, t: Messages): string | undefined {
  const known = (t.validation.known as Record<string, string>)[fragment];
  if (known) return known;
  const atMost = /^must be at most (\d+) characters\b/.exec(fragment);
  if (atMost) return t.validation.atMost(atMost[1]!);
  if (fragment === "is required") return t.validation.required;
  return fragment === "" ? t.validation.invalid : undefined;
}

/** A server's sentence in the customer's language: a known one, else as it came. */
const translated = (message: string, t: Messages) => (t.validation.known as Record<string, string>)[message] ?? message;

/**
 * The message a person reads, in their language: the server's sentence, or a schema fragment ("must be …")
 * made into one. Outside English, a sentence naming the field ("What happened must be …") is rebuilt from
 * the field's own label and the fragment when the catalog knows it, else the field's "choose" line.
 */
export function messageFor(field: FieldRef, raw: string, t: Messages = catalogs.en): string {
  const message = raw.trim();
  if (/^[A-Z]/.test(message)) {
    if (t === catalogs.en) return message;
    const at = message.search(/ (must|is) /);
    const fragment = at > 0 ? fragmentIn(message.slice(at + 1), t) : undefined;
    return fragment !== undefined ? `${field.label} ${fragment}` : (field.choose ?? translated(message, t));
  }
  if (field.choose) return field.choose;
  return `${field.label} ${fragmentIn(message, t) ?? message}`;
}

export interface ErrorItem {
  href?: string;
  text: string;
}

/** Errors in form order; errors on names the form does not show (such as `csrf`) are listed without a link. */
export function errorItems(errors: FieldErrors, fields: FieldRef[], t: Messages = catalogs.en): ErrorItem[] {
  const known = new Set(fields.map((f) => f.name));
  const items: ErrorItem[] = fields.filter((f) => errors[f.name] !== undefined).map((f) => ({ href: `#${f.target}`, text: messageFor(f, errors[f.name] ?? "", t) }));
  for (const [name, message] of Object.entries(errors)) {
    if (!known.has(name)) items.push({ text: /^[A-Z]/.test(message.trim()) ? translated(message.trim(), t) : t.common.somethingWrong });
  }
  return items;
}

/**
 * The list of what to fix, linking to each field, under `title` ("Please check one answer" by default). With
 * `focus`, it takes the focus when the page loads (no script needed), and a screen reader reads it for
 * that; without, it is an alert. Never both: a focused alert is read twice.
 */
export function ErrorSummary({ items, focus, title }: { items: ErrorItem[]; focus?: boolean; title?: string }) {
  const t = useMessages();
  if (items.length === 0) return null;
  return (
    <div class="errors" {...(focus ? { tabindex: -1, autofocus: true } : { role: "alert" })} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{title ?? (items.length === 1 ? t.common.checkOne : t.common.checkMany(new Intl.NumberFormat(useLocale().tag).format(items.length)))}</h2>
      <ul>
        {items.map((item) => (
          <li>{item.href ? <a href={item.href}>{item.text}</a> : item.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** "We received your answers on …" at the top of a form that may still be changed. */
export function RevisableNotice({ answeredAt, revisableUntil, zone }: { answeredAt?: string; revisableUntil?: string; zone: string }) {
  const t = useMessages().common;
  const tag = useLocale().tag;
  return (
    <div class="notice">
      <p>
        {answeredAt ? t.receivedOn(formatDate(answeredAt, zone, tag)) : t.received} {revisableUntil ? t.changeUntil(formatDate(revisableUntil, zone, tag)) : t.canStillChange}
      </p>
    </div>
  );
}

export const Optional = () => <span class="opt-tag"> {useMessages().common.optional}</span>;
export const Required = ({ text }: { text?: string }) => <span class="req"> {text ?? useMessages().common.required}</span>;

export function ErrorMessage({ id, text }: { id: string; text: string }) {
  return (
    <p class="error" id={id}>
      <span class="vh">{useMessages().common.errorPrefix}</span>
      {text}
    </p>
  );
}

/** aria-describedby from the ids that exist, or nothing. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => Boolean(id));
  return list.length ? list.join(" ") : undefined;
}

interface Option {
  value: string;
  label: Child;
}

export interface ChoiceGroupProps {
  field: FieldRef;
  type: "radio" | "checkbox";
  legend: Child;
  hint?: Child;
  options: Option[];
  /** Values currently chosen. */
  checked: string[];
  required?: boolean;
  error?: string;
}

/** A radio or checkbox group: <fieldset> + <legend>, each option a large tappable <label for> around its input. */
export function ChoiceGroup(p: ChoiceGroupProps) {
  const hintId = p.hint ? `${idOf(p.field.name)}-hint` : undefined;
  const errorId = p.error !== undefined ? `${idOf(p.field.name)}-error` : undefined;
  const described = describedBy(hintId, errorId);
  const used = new Set<string>();
  return (
    <fieldset class={p.error !== undefined ? "field invalid" : "field"} aria-describedby={described}>
      <legend>
        {p.legend}
        {p.required ? <Required /> : <Optional />}
      </legend>
      {p.hint ? (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      ) : null}
      {errorId ? <ErrorMessage id={errorId} text={messageFor(p.field, p.error ?? "", useMessages())} /> : null}
      <div class="choices">
        {p.options.map((o, i) => {
          let id = i === 0 ? p.field.target : idOf(p.field.name, o.value);
          if (used.has(id)) id = idOf(p.field.name, o.value, String(i));
          used.add(id);
          return (
            <label class="choice" for={id}>
              <input
                type={p.type}
                id={id}
                name={p.field.name}
                value={o.value}
                checked={p.checked.includes(o.value)}
                required={p.required && p.type === "radio"}
                aria-invalid={errorId ? "true" : undefined}
                aria-describedby={errorId}
              />
              <span>{o.label}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

export interface TextFieldProps {
  field: FieldRef;
  label: Child;
  hint?: Child;
  value: string;
  multiline?: boolean;
  maxLength: number;
  /** Text after the label; "(optional)" when not given. */
  marker?: Child;
  error?: string;
  autocomplete?: string;
}

/** A labelled text input or textarea with its hint and error beside it. */
export function TextField(p: TextFieldProps) {
  const id = p.field.target;
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errorId = p.error !== undefined ? `${id}-error` : undefined;
  const common = {
    id,
    name: p.field.name,
    maxlength: p.maxLength,
    "aria-invalid": errorId ? "true" : undefined,
    "aria-describedby": describedBy(hintId, errorId),
    autocomplete: p.autocomplete,
  };
  return (
    <div class={p.error !== undefined ? "field invalid" : "field"}>
      <label class="label" for={id}>
        {p.label}
        {p.marker ?? <Optional />}
      </label>
      {p.hint ? (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      ) : null}
      {errorId ? <ErrorMessage id={errorId} text={messageFor(p.field, p.error ?? "", useMessages())} /> : null}
      {p.multiline ? <textarea {...common} rows={5}>{p.value}</textarea> : <input type="text" {...common} value={p.value} />}
    </div>
  );
}

/** The hidden CSRF token every form posts. */
export const Csrf = ({ value }: { value: string }) => <input type="hidden" name="csrf" value={value} />;
