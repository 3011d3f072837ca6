/** One follow-up as the dashboards show it: on the rep's page with its case and resolve form, on the team page, coming up. */
import { formatDate } from "@rapport/core/clock/format-date";
import { urgencyWords } from "@rapport/core/concern/urgency";
import type { FollowUpItem, ResolveError } from "./dashboard-props.ts";
import { ResolveForm } from "./resolve-form.tsx";

const kindLabel: Record<FollowUpItem["kind"], string> = { recovery: "Service recovery", "check-in": "Check-in", touch: "Scheduled update" };
const channelLabel: Record<string, string> = { email: "Email", phone: "Phone call", text: "Text message", video: "Video call" };
/** A case the customer's concern opened is tagged "Concern" where a card's says "Service recovery". */
const tagOf = (item: FollowUpItem) => (item.source === "concern" ? "Concern" : kindLabel[item.kind]);

/** How urgent the customer said their concern is, under the due time. */
function Urgency({ item }: { item: FollowUpItem }) {
  if (item.source !== "concern") return null;
  return <p class="fu-sum">Concern raised by the customer: {item.urgency ? urgencyWords[item.urgency] : "no urgency given"}</p>;
}

/** A mailto:/tel:/sms: link for a contact when it is clearly an address or a number, else undefined. */
function contactHref(channel: string | undefined, contact: string): string | undefined {
  if (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(contact)) return `mailto:${contact}`;
  const digits = contact.replace(/[\s().-]/g, "");
  if ((channel === "phone" || channel === "text") && /^\+?\d{5,15}$/.test(digits)) return `${channel === "text" ? "sms" : "tel"}:${digits}`;
  return undefined;
}

/** Who sees an escalation: the rep reads "your manager", the manager on a rep's page "the manager", the team page "you". */
export type EscalationReader = "rep" | "manager" | "team";

function Escalated({ at, reader, zone }: { at: string; reader: EscalationReader; zone: string }) {
  const to = reader === "rep" ? "your manager" : reader === "team" ? "you" : "the manager";
  return (
    <p class="fu-esc">
      <span aria-hidden="true">▲ </span>Escalated to {to} on {formatDate(at, zone)}
    </p>
  );
}

/** How and when the customer wants to be reached, as they told us. */
function Reach({ item }: { item: FollowUpItem }) {
  const href = item.contact ? contactHref(item.channel, item.contact) : undefined;
  return (
    <dl class="prefs">
      <div>
        <dt>Channel</dt>
        <dd>{item.channel ? (channelLabel[item.channel] ?? item.channel) : "Not given"}</dd>
      </div>
      <div>
        <dt>Contact</dt>
        <dd>{item.contact ? href ? <a href={href}>{item.contact}</a> : item.contact : "Not given"}</dd>
      </div>
      <div>
        <dt>Best hours</dt>
        <dd>{item.bestHours || "Any time"}</dd>
      </div>
      <div>
        <dt>Time zone</dt>
        <dd>{item.timezone || "Not given"}</dd>
      </div>
    </dl>
  );
}

/** Who a follow-up is with, as a heading: never a name on an anonymous case. */
export const who = (item: FollowUpItem) => (item.anonymous ? "Anonymous customer" : (item.customerName ?? ""));

const ratingText = (rating: number | "na") => (rating === "na" ? "not applicable" : `${rating} of 5`);

/** A recovery case's substance: what went wrong, what the customer shared about themselves, what to do. */
function RecoveryCase({ item }: { item: FollowUpItem }) {
  const low = item.lowBehaviours ?? [];
  const shared = Boolean(item.interests?.length || item.sharedAboutThem || item.notes?.length);
  if (!low.length && !item.comment && !shared && !item.suggestedActions?.length) return null;
  return (
    <div class="fu-case">
      {low.length || item.comment ? (
        <div class="fu-part">
          <h5>What went wrong</h5>
          {low.length ? (
            <ul class="low">
              {low.map((b) => (
                <li>
                  <span class="low-label">{b.label}</span> <span class="rate">{ratingText(b.rating)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {item.comment ? (
            <figure class="quote">
              <blockquote>{item.comment}</blockquote>
              <figcaption>
                {item.anonymous ? "The customer" : item.customerName}, {item.source === "concern" ? "in their concern" : "asked what could be done better"}
              </figcaption>
            </figure>
          ) : null}
        </div>
      ) : null}
      {shared ? (
        <div class="fu-part">
          <h5>What they have shared with us</h5>
          {item.interests?.length ? (
            <ul class="chips" aria-label="Interests">
              {item.interests.map((interest) => (
                <li>{interest}</li>
              ))}
            </ul>
          ) : null}
          {item.sharedAboutThem ? <p class="shared">{item.sharedAboutThem}</p> : null}
          {item.notes?.length ? (
            <ul class="low" aria-label="Notes from the team">
              {item.notes.map((note) => (
                <li>
                  <span class="shared">{note.text}</span> <span class="small muted">{note.author}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {item.suggestedActions?.length ? (
        <div class="fu-part">
          <h5>Suggested recovery</h5>
          <ol class="actions">
            {item.suggestedActions.map((action) => (
              <li>{action}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

/** One follow-up on the rep's page: the case, the customer's preferences beside it, and its resolve form. */
export function FollowUp({ item, reader, zone, error }: { item: FollowUpItem; reader: EscalationReader; zone: string; error?: ResolveError | undefined }) {
  const resolve = item.resolve;
  const hasCase = Boolean(item.lowBehaviours?.length || item.comment || item.interests?.length || item.sharedAboutThem || item.notes?.length || item.suggestedActions?.length);
  return (
    <li class={`fu${item.overdue ? " overdue" : ""}${item.kind === "recovery" ? " recovery" : ""}`}>
      <div class="fu-top">
        <h4 class="fu-name">{who(item)}</h4>
        <span class={`tag ${item.kind}`}>{tagOf(item)}</span>
      </div>
      <p class="fu-due">
        {item.overdue ? "Was due " : "Due "}
        {formatDate(item.dueAt, zone)}
      </p>
      <Urgency item={item} />
      {item.escalatedAt ? <Escalated at={item.escalatedAt} reader={reader} zone={zone} /> : null}
      {item.summary ? <p class="fu-sum">{item.summary}</p> : null}
      {item.profileHref ? (
        <p class="fu-sum">
          <a href={item.profileHref}>
            Open the secrets manual<span class="vh"> of {who(item)}</span>
          </a>
        </p>
      ) : null}
      <div class={hasCase ? "fu-body has-case" : "fu-body"}>
        {hasCase ? <RecoveryCase item={item} /> : null}
        <div class="fu-reach">
          <h5>How to reach them</h5>
          {item.anonymous ? <p>This customer did not agree to be contacted, so nobody reaches out to them. Use the case to find and fix the cause.</p> : <Reach item={item} />}
        </div>
        {resolve ? <ResolveForm item={{ ...item, resolve }} who={who(item)} error={error} /> : null}
      </div>
    </li>
  );
}

/** A team follow-up on the manager's page: read-only, with the rep's name (linked to their page when the name is unambiguous). */
export function TeamFollowUp({ item, repHref, zone }: { item: FollowUpItem; repHref?: string | undefined; zone: string }) {
  const low = item.lowBehaviours ?? [];
  return (
    <li class={`fu compact${item.overdue ? " overdue" : ""}${item.kind === "recovery" ? " recovery" : ""}`}>
      <div class="fu-top">
        <h4 class="fu-name">{who(item)}</h4>
        <span class={`tag ${item.kind}`}>{tagOf(item)}</span>
      </div>
      {item.summary ? <p class="fu-rep">Rep: {repHref ? <a href={repHref}>{item.summary}</a> : item.summary}</p> : null}
      <p class="fu-due">
        {item.overdue ? "Was due " : "Due "}
        {formatDate(item.dueAt, zone)}
      </p>
      <Urgency item={item} />
      {item.escalatedAt ? <Escalated at={item.escalatedAt} reader="team" zone={zone} /> : null}
      {low.length ? (
        <p class="fu-sum">
          Rated low: {low.map((b, i) => `${i ? "; " : ""}${b.label} (${ratingText(b.rating)})`).join("")}
        </p>
      ) : null}
    </li>
  );
}

/** A follow-up coming up in the next 14 days on the rep's page: who, what, when, and how to reach them. */
export function UpcomingFollowUp({ item, zone }: { item: FollowUpItem; zone: string }) {
  const how = [item.channel ? (channelLabel[item.channel] ?? item.channel) : null, item.bestHours || null].filter(Boolean).join(", ");
  return (
    <li class={`fu compact${item.kind === "recovery" ? " recovery" : ""}`}>
      <div class="fu-top">
        <h4 class="fu-name">{who(item)}</h4>
        <span class={`tag ${item.kind}`}>{tagOf(item)}</span>
      </div>
      <p class="fu-due">Due {formatDate(item.dueAt, zone)}</p>
      {item.summary || how ? (
        <p class="fu-sum">
          {[item.summary, how ? `by ${how}` : null].filter(Boolean).join(" · ")}
        </p>
      ) : null}
    </li>
  );
}
