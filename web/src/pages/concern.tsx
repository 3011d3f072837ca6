/** GET /c/{token}: "Something not right? Tell us", the concern form a customer opens from any email; and the page after it. No script. */
import { formatDate } from "@rapport/core/clock/format-date";
import { messagesFor, type Messages } from "@rapport/core/i18n/index";
import type { ConcernPageProps, ConcernSentPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { ChoiceGroup, Csrf, ErrorSummary, Required, TextField, errorItems, idOf, type FieldRef } from "./fields.tsx";
import { ConcernLink } from "./concern-link.tsx";

function fieldsOf(p: ConcernPageProps, t: Messages["concern"]) {
  const group = (name: string, first: string | undefined, label: string, choose?: string): FieldRef => ({ name, target: idOf(name, first ?? "0"), label, ...(choose ? { choose } : {}) });
  return {
    what: { name: "what", target: "what", label: t.whatField },
    urgency: group("urgency", "today", t.urgencyField, t.chooseUrgency),
    reply: group("reply", "contact", t.replyField, t.chooseReply),
    channel: group("channel", p.choices.channels[0]?.value, t.channelField),
    contact: { name: "contact", target: "contact", label: t.contactField },
  } satisfies Record<string, FieldRef>;
}

function ConcernPage(p: ConcernPageProps) {
  const m = messagesFor(p.locale);
  const t = m.concern;
  const f = fieldsOf(p, t);
  const items = p.unsent ? [{ text: t.unsent }] : errorItems(p.errors, Object.values(f), m);
  const v = p.values;
  const urgencies = Object.entries(t.urgencies).map(([value, label]) => ({ value, label }));
  return (
    <Layout brand={p} title={`${items.length ? m.common.errorPrefix : ""}${t.title}`}>
      <ErrorSummary items={items} focus {...(p.unsent ? { title: t.unsentTitle } : {})} />
      <h1>{t.title}</h1>
      <p class="lead">{t.lead(p.customerFirstName)}</p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />
        <input type="hidden" name="submission" value={p.submission} />
        <TextField
          field={f.what}
          label={t.what}
          marker={<Required />}
          hint={t.whatHint(new Intl.NumberFormat(p.locale?.tag ?? "en").format(p.maxChars))}
          value={v.what}
          multiline
          maxLength={p.maxChars}
          error={p.errors.what}
        />
        <ChoiceGroup field={f.urgency} type="radio" legend={t.urgency} options={urgencies} checked={[v.urgency]} required error={p.errors.urgency} />
        <ChoiceGroup
          field={f.reply}
          type="radio"
          legend={t.reply(p.repName)}
          hint={p.hasManager ? t.replyHintManager : t.replyHintNoManager}
          options={[
            { value: "contact", label: t.yes },
            { value: "anonymous", label: p.hasManager ? t.noManager(p.repName) : t.noNoManager },
          ]}
          checked={[v.reply]}
          required
          error={p.errors.reply}
        />

        <h2>{t.reach}</h2>
        <p>{t.reachLead}</p>
        <ChoiceGroup field={f.channel} type="radio" legend={t.channel} options={p.choices.channels} checked={[v.channel]} error={p.errors.channel} />
        <TextField
          field={f.contact}
          label={t.contact}
          hint={t.contactHint}
          value={v.contact}
          maxLength={200}
          error={p.errors.contact}
          autocomplete="off"
        />

        <button type="submit" class="btn">
          {m.common.send}
        </button>
      </form>
    </Layout>
  );
}

/** The concern form, pre-filled with the customer's preferred channel and contact; with errors, the post as typed. */
export function renderConcernPage(props: ConcernPageProps): string {
  return toDocument(<ConcernPage {...props} />);
}

function ConcernSentPage(p: ConcernSentPageProps) {
  const m = messagesFor(p.locale);
  const t = m.concern;
  return (
    <Layout brand={p} title={t.sentTitle}>
      <h1>{t.sentTitle}</h1>
      {p.reply === "contact" && p.contactBy ? (
        <p class="lead">{t.sentContact(p.repName, formatDate(p.contactBy, p.timezone, p.locale?.tag))}</p>
      ) : p.managerSees ? (
        <p class="lead">{t.sentManager(p.repName)}</p>
      ) : (
        <p class="lead">{t.sentRecorded}</p>
      )}
      <ConcernLink href={p.concernUrl} text={t.somethingElse} />
      <p>{m.common.closePage}</p>
    </Layout>
  );
}

/** The page after POST /c/{token}: who will contact the customer and by when, or that the manager sees it without their name. */
export function renderConcernSentPage(props: ConcernSentPageProps): string {
  return toDocument(<ConcernSentPage {...props} />);
}
