import { messagesFor, type Messages } from "@rapport/core/i18n/index";
import type { OnboardingPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import {
  ChoiceGroup,
  Csrf,
  ErrorMessage,
  ErrorSummary,
  Required,
  RevisableNotice,
  TextField,
  describedBy,
  errorItems,
  idOf,
  messageFor,
  type FieldRef,
} from "./fields.tsx";

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** An interest as the customer reads it: the catalog's words for a listed one, the text as given for another. */
const interestLabel = (interest: string, t: Messages["onboarding"]) => (t.interestChoices as Record<string, string>)[interest] ?? capitalise(interest);

/**
 * Served as a same-origin file (the Content-Security-Policy allows no inline script): selects the browser's
 * own time zone in #timezone when the page marks the selection as a default and the zone is one of its options.
 */
export const localZoneScript = `(function () {
  var select = document.getElementById("timezone");
  if (!select || !select.hasAttribute("data-local-zone")) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  for (var i = 0; i < select.options.length; i++) {
    var option = select.options[i];
    var names = [option.value].concat((option.getAttribute("data-aliases") || "").split(" "));
    if (option.value && names.indexOf(zone) !== -1) { select.value = option.value; return; }
  }
})();
`;

function fieldsOf(p: OnboardingPageProps, t: Messages["onboarding"]) {
  const group = (name: string, first: string | undefined, label: string, choose: string): FieldRef => ({ name, target: idOf(name, first ?? "0"), label, choose });
  const text = (name: string, label: string): FieldRef => ({ name, target: name, label });
  return {
    channel: group("channel", p.choices.channels[0]?.value, t.channelField, t.chooseChannel),
    contact: text("contact", t.contactField),
    timezone: { name: "timezone", target: "timezone", label: t.timezoneField, choose: p.values.timezone ? undefined : t.chooseTimezone },
    bestHours: text("bestHours", t.bestHoursField),
    cadence: group("cadence", p.choices.cadences[0]?.value, t.cadenceField, t.chooseCadence),
    responseTime: group("responseTime", p.choices.responseTimes[0]?.value, t.responseTimeField, t.chooseResponseTime),
    onTimeMeans: text("onTimeMeans", t.onTimeField),
    emergencyContact: text("emergencyContact", t.emergency),
    interests: { name: "interests", target: idOf("interests", "0"), label: t.interestsField },
    personalInterests: text("personalInterests", t.personalField),
    idealExperience: text("idealExperience", t.idealField),
  } satisfies Record<string, FieldRef>;
}

function OnboardingPage(p: OnboardingPageProps) {
  const m = messagesFor(p.locale);
  const t = m.onboarding;
  const f = fieldsOf(p, t);
  const items = errorItems(p.errors, Object.values(f), m);
  const revisable = p.state === "revisable";
  const v = p.values;
  const err = (field: FieldRef) => p.errors[field.name];

  const unlisted = Boolean(v.timezone) && !p.choices.timezones.some((g) => g.zones.some((z) => z.value === v.timezone));
  const zoneError = err(f.timezone);
  const interestValues = [...p.choices.interests, ...v.interests.filter((i) => !p.choices.interests.includes(i))];

  return (
    <Layout brand={p} title={`${items.length ? m.common.errorPrefix : ""}${t.title}`}>
      <ErrorSummary items={items} />
      <h1>{t.title}</h1>
      {revisable ? <RevisableNotice answeredAt={p.answeredAt} revisableUntil={p.revisableUntil} zone={p.timezone} /> : null}
      <p class="lead">{t.lead(p.customerFirstName, p.repName, p.orgName)}</p>
      <p>{t.minutes}</p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />

        <h2>{t.reach}</h2>
        <ChoiceGroup
          field={f.channel}
          type="radio"
          legend={t.channel}
          options={p.choices.channels}
          checked={[v.channel]}
          required
          error={err(f.channel)}
        />
        <TextField
          field={f.contact}
          label={t.contact}
          marker={<Required text={t.contactRequired} />}
          hint={t.contactHint}
          value={v.contact}
          maxLength={200}
          error={err(f.contact)}
        />
        <div class={zoneError !== undefined ? "field invalid" : "field"}>
          <label class="label" for="timezone">
            {t.timezone}
            <Required />
          </label>
          <p class="hint" id="timezone-hint">
            {t.timezoneHint}
          </p>
          {zoneError !== undefined ? <ErrorMessage id="timezone-error" text={messageFor(f.timezone, zoneError, m)} /> : null}
          <select
            id="timezone"
            name="timezone"
            required
            aria-invalid={zoneError !== undefined ? "true" : undefined}
            aria-describedby={describedBy("timezone-hint", zoneError !== undefined && "timezone-error")}
            data-local-zone={p.localZoneScript ? "" : undefined}
          >
            {v.timezone ? null : (
              <option value="" selected>
                {t.chooseTimezone}
              </option>
            )}
            {unlisted ? (
              <option value={v.timezone} selected>
                {v.timezone.replace(/_/g, " ")}
              </option>
            ) : null}
            {p.choices.timezones.map((group) => (
              <optgroup label={group.region}>
                {group.zones.map((zone) => (
                  <option value={zone.value} selected={zone.value === v.timezone} data-aliases={zone.aliases?.length ? zone.aliases.join(" ") : undefined}>
                    {zone.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <TextField
          field={f.bestHours}
          label={t.bestHours}
          hint={t.bestHoursHint}
          value={v.bestHours}
          maxLength={200}
          error={err(f.bestHours)}
        />

        <h2>{t.updates}</h2>
        <ChoiceGroup
          field={f.cadence}
          type="radio"
          legend={t.cadence}
          options={p.choices.cadences}
          checked={[v.cadence]}
          required
          error={err(f.cadence)}
        />
        <ChoiceGroup
          field={f.responseTime}
          type="radio"
          legend={t.responseTime}
          options={p.choices.responseTimes}
          checked={[v.responseTime]}
          required
          error={err(f.responseTime)}
        />

        <h2>{t.delivery}</h2>
        <TextField
          field={f.onTimeMeans}
          label={t.onTime}
          hint={t.onTimeHint}
          value={v.onTimeMeans}
          multiline
          maxLength={1000}
          error={err(f.onTimeMeans)}
        />
        <TextField
          field={f.emergencyContact}
          label={t.emergency}
          hint={t.emergencyHint}
          value={v.emergencyContact}
          maxLength={200}
          error={err(f.emergencyContact)}
        />

        <h2>{t.matters}</h2>
        <ChoiceGroup
          field={f.interests}
          type="checkbox"
          legend={t.interests}
          hint={t.interestsHint}
          options={interestValues.map((i) => ({ value: i, label: interestLabel(i, t) }))}
          checked={v.interests}
          error={err(f.interests)}
        />
        <TextField
          field={f.personalInterests}
          label={t.personal}
          hint={t.personalHint(p.repName)}
          value={v.personalInterests}
          multiline
          maxLength={2000}
          error={err(f.personalInterests)}
        />
        <TextField
          field={f.idealExperience}
          label={t.ideal}
          value={v.idealExperience}
          multiline
          maxLength={2000}
          error={err(f.idealExperience)}
        />

        <button type="submit" class="btn">
          {revisable ? m.common.update : m.common.send}
        </button>
      </form>
      {p.localZoneScript ? <script src={p.localZoneScript} defer /> : null}
    </Layout>
  );
}

/** The onboarding preference form at GET /s/{token}, pre-filled with what Rapport already knows. */
export function renderOnboardingPage(props: OnboardingPageProps): string {
  return toDocument(<OnboardingPage {...props} />);
}
