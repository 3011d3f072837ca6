import { sentence } from "@rapport/core/email/templates/invitation";
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

function fieldsOf(p: OnboardingPageProps) {
  const group = (name: string, first: string | undefined, label: string, choose: string): FieldRef => ({ name, target: idOf(name, first ?? "0"), label, choose });
  const text = (name: string, label: string): FieldRef => ({ name, target: name, label });
  return {
    channel: group("channel", p.choices.channels[0]?.value, "Contact method", "Choose how you would like us to contact you"),
    contact: text("contact", "Contact"),
    timezone: { name: "timezone", target: "timezone", label: "Time zone", choose: p.values.timezone ? undefined : "Choose your time zone" },
    bestHours: text("bestHours", "Best days and hours"),
    cadence: group("cadence", p.choices.cadences[0]?.value, "Update frequency", "Choose how often you would like updates"),
    responseTime: group("responseTime", p.choices.responseTimes[0]?.value, "Expected response time", "Choose how quickly you expect an answer"),
    onTimeMeans: text("onTimeMeans", "What “on time” means to you"),
    emergencyContact: text("emergencyContact", "Emergency contact"),
    interests: { name: "interests", target: idOf("interests", "0"), label: "Interests" },
    personalInterests: text("personalInterests", "Personal interests"),
    idealExperience: text("idealExperience", "Your ideal buying experience"),
  } satisfies Record<string, FieldRef>;
}

function OnboardingPage(p: OnboardingPageProps) {
  const f = fieldsOf(p);
  const items = errorItems(p.errors, Object.values(f));
  const revisable = p.state === "revisable";
  const v = p.values;
  const err = (field: FieldRef) => p.errors[field.name];

  const unlisted = Boolean(v.timezone) && !p.choices.timezones.some((g) => g.zones.some((z) => z.value === v.timezone));
  const zoneError = err(f.timezone);
  const interestValues = [...p.choices.interests, ...v.interests.filter((i) => !p.choices.interests.includes(i))];

  return (
    <Layout brand={p} title={`${items.length ? "Error: " : ""}How would you like us to work with you?`}>
      <ErrorSummary items={items} />
      <h1>How would you like us to work with you?</h1>
      {revisable ? <RevisableNotice answeredAt={p.answeredAt} revisableUntil={p.revisableUntil} zone={p.timezone} /> : null}
      <p class="lead">
        Hi {p.customerFirstName}, {p.repName} is your contact at {sentence(p.orgName)} Tell us how and when you would like to hear from us, and we will work that
        way.
      </p>
      <p>It takes about three minutes. We have filled in what we already know; change anything that is not right.</p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />

        <h2>How to reach you</h2>
        <ChoiceGroup
          field={f.channel}
          type="radio"
          legend="How would you like us to contact you?"
          options={p.choices.channels}
          checked={[v.channel]}
          required
          error={err(f.channel)}
        />
        <TextField
          field={f.contact}
          label="Phone number, email address or video link"
          marker={<Required text="(required for phone, text or video)" />}
          hint="For calls and texts a phone number (with the country code if you are abroad); for video a link to your video room (https://…) or an email address."
          value={v.contact}
          maxLength={200}
          error={err(f.contact)}
        />
        <div class={zoneError !== undefined ? "field invalid" : "field"}>
          <label class="label" for="timezone">
            Your time zone
            <Required />
          </label>
          <p class="hint" id="timezone-hint">
            We plan calls and updates in this time zone. The offsets from UTC are today’s.
          </p>
          {zoneError !== undefined ? <ErrorMessage id="timezone-error" text={messageFor(f.timezone, zoneError)} /> : null}
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
                Choose your time zone
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
          label="Best days and hours to reach you"
          hint="For example: Weekdays 16:00–18:00"
          value={v.bestHours}
          maxLength={200}
          error={err(f.bestHours)}
        />

        <h2>Updates and answers</h2>
        <ChoiceGroup
          field={f.cadence}
          type="radio"
          legend="How often would you like updates?"
          options={p.choices.cadences}
          checked={[v.cadence]}
          required
          error={err(f.cadence)}
        />
        <ChoiceGroup
          field={f.responseTime}
          type="radio"
          legend="When you ask us something, how quickly do you expect an answer?"
          options={p.choices.responseTimes}
          checked={[v.responseTime]}
          required
          error={err(f.responseTime)}
        />

        <h2>Your delivery</h2>
        <TextField
          field={f.onTimeMeans}
          label="What does “on time” mean for your delivery?"
          hint="For example: installed and working before your launch date, or delivered before 9:00 on the agreed day."
          value={v.onTimeMeans}
          multiline
          maxLength={1000}
          error={err(f.onTimeMeans)}
        />
        <TextField
          field={f.emergencyContact}
          label="Emergency contact"
          hint="Someone we can reach if something urgent comes up and you are not available: a name and a phone number or email."
          value={v.emergencyContact}
          maxLength={200}
          error={err(f.emergencyContact)}
        />

        <h2>What matters to you</h2>
        <ChoiceGroup
          field={f.interests}
          type="checkbox"
          legend="Which of these matter most to you?"
          hint="Choose any that apply."
          options={interestValues.map((i) => ({ value: i, label: capitalise(i) }))}
          checked={v.interests}
          error={err(f.interests)}
        />
        <TextField
          field={f.personalInterests}
          label="Personal interests you are happy to share"
          hint={`Hobbies, teams you follow, causes you care about. This is shared with ${p.repName}, so they get to know you. Leave it blank if you prefer.`}
          value={v.personalInterests}
          multiline
          maxLength={2000}
          error={err(f.personalInterests)}
        />
        <TextField
          field={f.idealExperience}
          label="What can we do to make this exactly the buying experience you want?"
          value={v.idealExperience}
          multiline
          maxLength={2000}
          error={err(f.idealExperience)}
        />

        <button type="submit" class="btn">
          {revisable ? "Update my answers" : "Send"}
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
