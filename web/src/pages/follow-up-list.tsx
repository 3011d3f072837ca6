/** Follow-ups in headed lists: the rep's overdue, due today and coming up; the team's that need attention. */
import type { Child } from "hono/jsx";
import type { FollowUpItem, RepDashboardProps } from "./dashboard-props.ts";
import { FollowUp, TeamFollowUp, UpcomingFollowUp, who, type EscalationReader } from "./follow-up.tsx";
import { errorTarget } from "./resolve-form.tsx";

/** One headed list of follow-ups ("Overdue", "Due today") with its count and an empty state; `render` draws each item. */
function FollowUpList(props: { id: string; heading: string; items: FollowUpItem[]; empty: string; render: (item: FollowUpItem) => Child }) {
  const { id, heading, items, empty, render } = props;
  return (
    <div>
      <h3 id={id}>
        {heading} <span class="muted">({items.length})</span>
      </h3>
      {items.length ? (
        <ul class="fu-list" aria-labelledby={id}>
          {items.map(render)}
        </ul>
      ) : (
        <p class="empty">{empty}</p>
      )}
    </div>
  );
}

/** The team's overdue and due-today follow-ups, read-only; the manager resolves them from the rep's page. */
export function TeamFollowUps({ followUps, repHref, zone }: { followUps: { overdue: FollowUpItem[]; dueToday: FollowUpItem[] }; repHref: (name: string | undefined) => string | undefined; zone: string }) {
  const render = (item: FollowUpItem) => <TeamFollowUp item={item} repHref={repHref(item.summary)} zone={zone} />;
  return (
    <div class="fu-cols">
      <FollowUpList id="att-overdue" heading="Overdue" items={followUps.overdue} empty="Nothing overdue" render={render} />
      <FollowUpList id="att-today" heading="Due today" items={followUps.dueToday} empty="Nothing due today" render={render} />
    </div>
  );
}

/** The error summary at the top of the page when a resolve form was rejected; it links to the field in error. */
export function ResolveErrorSummary({ p, error }: { p: RepDashboardProps; error: NonNullable<RepDashboardProps["resolveError"]> }) {
  const item = [...p.followUps.overdue, ...p.followUps.dueToday].find((f) => f.id === error.id);
  const shown = Boolean(item?.resolve);
  return (
    <div class="errors" role="alert" aria-labelledby="error-summary-h">
      <h2 id="error-summary-h">{item ? `${who(item)}: not resolved yet` : "The follow-up is not resolved yet"}</h2>
      <ul>
        <li>{shown ? <a href={`#${errorTarget(error, error.field ?? "note")}`}>{error.message}</a> : error.message}</li>
      </ul>
    </div>
  );
}

/** The rep's follow-ups: overdue and due today with their resolve forms, then the next 14 days. */
export function RepFollowUps({ p }: { p: RepDashboardProps }) {
  const reader: EscalationReader = p.viewer.role === "rep" ? "rep" : "manager";
  const error = p.resolveError;
  const renderItem = (item: FollowUpItem) => <FollowUp item={item} reader={reader} zone={p.timezone} {...(error && error.id === item.id ? { error } : {})} />;
  return (
    <section class="card block" aria-labelledby="fu-h">
      <h2 id="fu-h">Follow-ups</h2>
      <p class="sub">Overdue, due today and coming up in the next 14 days, with how and when each customer wants to be reached.</p>
      <div class="fu-stack">
        <FollowUpList id="fu-overdue" heading="Overdue" items={p.followUps.overdue} empty="Nothing overdue" render={renderItem} />
        <FollowUpList id="fu-today" heading="Due today" items={p.followUps.dueToday} empty="Nothing due today" render={renderItem} />
        {p.followUps.comingUp ? (
          <FollowUpList id="fu-soon" heading="Coming up" items={p.followUps.comingUp} empty="Nothing else in the next 14 days" render={(item) => <UpcomingFollowUp item={item} zone={p.timezone} />} />
        ) : null}
      </div>
    </section>
  );
}
