/**
 * The no-JavaScript form that resolves a follow-up on the rep's page: a required note and, on a recovery case
 * that names its customer, what was done for them (a suggested action or the rep's own gesture, its cost)
 * and the profile entries that inspired it. A rejected form comes back with the values as typed and the
 * error beside its field.
 */
import type { FollowUpItem, ResolveError, ResolveField } from "./dashboard-props.ts";
import { Csrf, ErrorMessage, describedBy, idOf } from "./fields.tsx";

/** The DOM ids of one follow-up's resolve fields, their hints and their errors. */
export function resolveIds(item: Pick<FollowUpItem, "id">) {
  const base = idOf("fu", item.id);
  return {
    note: `${base}-note`,
    hint: `${base}-note-hint`,
    gesture: `${base}-gesture-0`,
    gestureHint: `${base}-gesture-hint`,
    own: `${base}-own`,
    cost: `${base}-cost`,
    costHint: `${base}-cost-hint`,
    inspired: `${base}-inspired-0`,
    inspiredHint: `${base}-inspired-hint`,
    error: (field: ResolveField) => `${base}-${field}-error`,
  };
}

/** The field a summary's link takes the keyboard to. */
export function errorTarget(item: Pick<FollowUpItem, "id">, field: ResolveField): string {
  const ids = resolveIds(item);
  return { note: ids.note, gesture: ids.gesture, own: ids.own, cost: ids.cost, inspiredBy: ids.inspired }[field];
}

const noteHint: Record<FollowUpItem["kind"], string> = {
  recovery: "How you fixed the cause. A check-in follows in 3 weeks; in 2 days we ask the customer whether it was put right.",
  "check-in": "How the customer is doing now.",
  touch: "What you sent or talked about. The next update goes on your schedule.",
};

type Resolvable = FollowUpItem & { resolve: { action: string; csrf: string } };

/** The gesture (one of the suggested actions, or the rep's own), its cost, and what inspired it. */
function GestureFields({ item, error }: { item: Resolvable; error?: ResolveError | undefined }) {
  const ids = resolveIds(item);
  const chosen = error?.gesture ?? "none";
  const invalid = (field: ResolveField) => error?.field === field;
  const message = (field: ResolveField) => (invalid(field) ? <ErrorMessage id={ids.error(field)} text={error!.message} /> : null);
  const choices = [{ value: "none", label: "No gesture" }, ...(item.suggestedActions ?? []).map((a) => ({ value: a, label: a })), { value: "own", label: "My own gesture (describe it below)" }];
  const ticked = new Set(error ? (error.inspiredBy ?? []) : []);
  return (
    <>
      <fieldset class="resolve-set">
        <legend>
          Personal gesture <span class="req">(optional)</span>
        </legend>
        <p class="hint" id={ids.gestureHint}>
          Choose one of the suggested actions or write your own.
        </p>
        {message("gesture")}
        <div class="choices">
          {choices.map((c, i) => (
            <label class="choice" for={`${idOf("fu", item.id)}-gesture-${i}`}>
              <input type="radio" id={`${idOf("fu", item.id)}-gesture-${i}`} name="gesture" value={c.value} checked={chosen === c.value} aria-describedby={ids.gestureHint} />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
        <label class="label sub-label" for={ids.own}>
          Your own gesture
        </label>
        {message("own")}
        <input type="text" id={ids.own} name="gestureOwn" maxlength={300} value={error?.gestureOwn ?? ""} aria-invalid={invalid("own") ? "true" : undefined} aria-describedby={invalid("own") ? ids.error("own") : undefined} />
      </fieldset>
      <label class="label" for={ids.cost}>
        Cost <span class="req">(optional)</span>
      </label>
      <p class="hint" id={ids.costHint}>
        What the gesture cost, such as 45.50.
      </p>
      {message("cost")}
      <input
        type="text"
        inputmode="decimal"
        id={ids.cost}
        name="gestureCost"
        maxlength={12}
        value={error?.gestureCost ?? ""}
        aria-invalid={invalid("cost") ? "true" : undefined}
        aria-describedby={describedBy(ids.costHint, invalid("cost") && ids.error("cost"))}
      />
      {item.profileEntries?.length ? (
        <fieldset class="resolve-set">
          <legend>
            What inspired it <span class="req">(optional)</span>
          </legend>
          <p class="hint" id={ids.inspiredHint}>
            What the customer shared, or the team noted, that the gesture draws on.
          </p>
          {message("inspiredBy")}
          <div class="choices">
            {item.profileEntries.map((entry, i) => (
              <label class="choice" for={`${idOf("fu", item.id)}-inspired-${i}`}>
                <input type="checkbox" id={`${idOf("fu", item.id)}-inspired-${i}`} name="inspiredBy" value={entry.id} checked={ticked.has(entry.id)} aria-describedby={ids.inspiredHint} />
                <span>{entry.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
    </>
  );
}

/** The resolve form: the CSRF value, the note ("What was fixed" on a recovery case), the gesture fields on a named recovery case, one button. */
export function ResolveForm({ item, who, error }: { item: Resolvable; who: string; error?: ResolveError | undefined }) {
  const ids = resolveIds(item);
  const noteInvalid = error && (error.field ?? "note") === "note";
  const gesture = item.kind === "recovery" && !item.anonymous;
  return (
    <form class={error ? "resolve invalid" : "resolve"} method="post" action={item.resolve.action} novalidate>
      <Csrf value={item.resolve.csrf} />
      <label class="label" for={ids.note}>
        {item.kind === "recovery" ? "What was fixed" : "What did you do?"} <span class="req">(required)</span>
      </label>
      <p class="hint" id={ids.hint}>
        {item.anonymous ? "What you changed so that it does not happen again." : noteHint[item.kind]}
      </p>
      {noteInvalid ? <ErrorMessage id={ids.error("note")} text={error.message} /> : null}
      <textarea
        id={ids.note}
        name="note"
        rows={3}
        maxlength={2000}
        required
        aria-invalid={noteInvalid ? "true" : undefined}
        aria-describedby={describedBy(ids.hint, noteInvalid && ids.error("note"))}
      >
        {error?.note ?? ""}
      </textarea>
      {gesture ? <GestureFields item={item} error={error} /> : null}
      <button type="submit" class="btn">
        {item.kind === "touch" ? "Mark as done" : "Resolve"}
        <span class="vh">: {who}</span>
      </button>
    </form>
  );
}
