import { describe, expect, it } from "vitest";
import type { FollowUpItem } from "../src/pages/dashboard-props.ts";
import { renderRepDashboard } from "../src/pages/dashboard.tsx";
import { ana, ben, dev, greta, label, marta } from "./dashboard-fixtures.ts";
import { expectWellFormedPage, tags, textOf } from "./html.ts";

describe("rep dashboard", () => {
  it("lists follow-ups overdue and due today with kind, due time and the customer's channel, contact, best hours and time zone", () => {
    const html = renderRepDashboard(ana());
    const text = textOf(html);
    expect(text).toContain("Overdue (1) Marta Nowak Service recovery Was due Fri 20 Nov 2026, 16:00 (Europe/Berlin)");
    expect(text).toContain("How to reach them Channel Phone call Contact +49 30 1234567 Best hours Weekdays 16:00–18:00 Time zone Europe/Berlin");
    expect(text).toContain(
      "Greta Lind Check-in Due Sat 21 Nov 2026, 10:00 (Europe/Berlin) How to reach them Channel Video call Contact Not given Best hours Any time Time zone Europe/Stockholm What did you do? (required) How the customer is doing now. Resolve : Greta Lind Dev Patel Scheduled update Due Sat 21 Nov 2026, 15:00 (Europe/Berlin) Weekly update How to reach them Channel Email Contact dev@patel-foods.example Best hours Mornings Time zone America/Chicago",
    );
    expect(text).toContain("Due today (2) Greta Lind Check-in");
    expect(html).toContain('href="tel:+49301234567"');
    expect(html).toContain('href="mailto:dev@patel-foods.example"');
    expect(tags(html, "a").filter((a) => /^sms:/.test(a.href ?? ""))).toEqual([]);
    expect(html).toMatch(/<li class="fu overdue recovery">/);
    expect(text).not.toContain("Nothing overdue");
    const texting = textOf(renderRepDashboard(ana({ followUps: { overdue: [], dueToday: [{ ...greta, channel: "text", contact: "+1 (555) 010-0200" }] } })));
    expect(texting).toContain("Channel Text message Contact +1 (555) 010-0200");
    expect(tags(renderRepDashboard(ana({ followUps: { overdue: [], dueToday: [{ ...greta, channel: "text", contact: "+1 (555) 010-0200" }] } })), "a").some((a) => a.href === "sms:+15550100200")).toBe(true);
    const none = textOf(renderRepDashboard(ben()));
    expect(none).toContain("Overdue (0) Nothing overdue");
    expect(none).toContain("Due today (0) Nothing due today");
  });

  it("lists what is coming up in the next 14 days after today, read-only, with how to reach each customer", () => {
    const { resolve: _resolve, ...rest } = dev;
    const soon: FollowUpItem = { ...rest, id: "fup_01JSOON", customerName: "Hana Sato", dueAt: "2026-11-28T14:00:00Z" };
    const html = renderRepDashboard(ana({ followUps: { overdue: [], dueToday: [greta], comingUp: [soon] } }));
    expectWellFormedPage(html);
    const text = textOf(html);
    expect(text).toContain("Overdue, due today and coming up in the next 14 days");
    expect(text).toContain("Due today (1) Greta Lind Check-in");
    expect(text).toContain("Coming up (1) Hana Sato Scheduled update Due Sat 28 Nov 2026, 15:00 (Europe/Berlin) Weekly update · by Email, Mornings");
    // A look-ahead: no resolve form for what is not due yet.
    expect(html).not.toContain("fup_01JSOON");
    expect(textOf(renderRepDashboard(ana({ followUps: { overdue: [], dueToday: [], comingUp: [] } })))).toContain("Coming up (0) Nothing else in the next 14 days");
  });

  it("shows a recovery case whole: the low-rated behaviours with their ratings, the comment, what the customer shared and the suggested actions", () => {
    const html = renderRepDashboard(ana());
    const text = textOf(html);
    expect(text).toContain(`What went wrong ${label("follow_up")} 2 of 5 ${label("advocacy")} 1 of 5`);
    expect(text).toContain("Two delivery dates slipped and nobody told me. I had to chase it myself. Marta Nowak, asked what could be done better");
    expect(html).toContain("<blockquote>Two delivery dates slipped and nobody told me. I had to chase it myself.</blockquote>");
    expect(text).toContain("What they have shared with us Cost reduction Sustainability Runs the Berlin half-marathon every April · Two kids, both in the school orchestra");
    const actions = html.match(/<ol class="actions">([\s\S]*?)<\/ol>/)?.[1] ?? "";
    expect(actions.match(/<li>/g)).toHaveLength(3);
    expect(textOf(actions).trim()).toBe(marta.suggestedActions!.join(" "));
    expect(text).toContain("Suggested recovery Call within the due time");
    // check-ins and touches carry no case
    expect(text.match(/What went wrong/g)).toHaveLength(1);
    expect(text.match(/Suggested recovery/g)).toHaveLength(1);
  });

  it("says a case was escalated: to your manager for the rep, to the manager when the manager opens the rep", () => {
    expect(textOf(renderRepDashboard(ana()))).toContain("Was due Fri 20 Nov 2026, 16:00 (Europe/Berlin) ▲ Escalated to your manager on Fri 20 Nov 2026, 16:05 (Europe/Berlin)");
    const seenByManager = textOf(renderRepDashboard({ ...ben(), followUps: { overdue: [marta], dueToday: [] } }));
    expect(seenByManager).toContain("Escalated to the manager on Fri 20 Nov 2026, 10:05 (America/New_York)");
    expect(seenByManager).not.toContain("your manager");
    expect(textOf(renderRepDashboard(ana()))).not.toMatch(/Dev Patel[^]*Escalated/);
  });

  it("gives each follow-up a no-JavaScript resolve form: a labelled, required note, the CSRF value hidden, and Resolve or Mark as done", () => {
    const html = renderRepDashboard(ana());
    expectWellFormedPage(html);
    const forms = [...html.matchAll(/<form class="resolve"[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]);
    expect(forms).toHaveLength(3);
    for (const [form, item] of [
      [forms[0]!, marta],
      [forms[1]!, greta],
      [forms[2]!, dev],
    ] as const) {
      expect(tags(form, "form")[0]).toMatchObject({ method: "post", action: item.resolve!.action, novalidate: "" });
      const recovery = item.kind === "recovery";
      expect(tags(form, "input")[0]).toEqual({ type: "hidden", name: "csrf", value: item.resolve!.csrf });
      const [note] = tags(form, "textarea");
      expect(note).toMatchObject({ name: "note", required: "", maxlength: "2000", "aria-describedby": `${note!.id}-hint` });
      expect(note).not.toHaveProperty("aria-invalid");
      expect(tags(form, "label")[0]).toEqual({ class: "label", for: note!.id });
      // A recovery case asks what was fixed, then the gesture (resolve-form test below); the rest only what was done.
      if (!recovery) expect(tags(form, "input")).toHaveLength(1);
      if (!recovery) expect(tags(form, "label")).toHaveLength(1);
      expect(textOf(form)).toMatch(recovery ? /^ What was fixed \(required\) / : /^ What did you do\? \(required\) /);
      expect(form).toMatch(/<textarea[^>]*><\/textarea>/);
      expect(textOf(form).trim()).toMatch(new RegExp(`${item.kind === "touch" ? "Mark as done" : "Resolve"} : ${item.customerName}$`));
    }
    expect(textOf(forms[0]!)).toContain("A check-in follows in 3 weeks; in 2 days we ask the customer whether it was put right.");
    expect(new Set(tags(html, "textarea").map((a) => a.id)).size).toBe(3);
    expect(html.match(/<button type="submit" class="btn">Mark as done/g)).toHaveLength(1);
    expect(html.match(/<button type="submit" class="btn">Resolve/g)).toHaveLength(2);
    // nothing to resolve without a form action
    const readOnly = renderRepDashboard(ana({ followUps: { overdue: [{ ...marta, resolve: undefined }], dueToday: [] } }));
    expect(readOnly).not.toContain('class="resolve');
  });

  it("asks on a named recovery case what was fixed, the personal gesture (a suggested action or one's own), its cost and what inspired it, in fieldsets with legends", () => {
    const entries = [
      { id: "ent_01JSAILS", label: "Personal interests: Runs the Berlin half-marathon every April" },
      { id: "ent_01JNOTE", label: "Note by Ana Lopez: Prefers calls after 16:00" },
    ];
    const html = renderRepDashboard(ana({ followUps: { overdue: [{ ...marta, profileEntries: entries }], dueToday: [] } }));
    expectWellFormedPage(html);
    const form = html.match(/<form class="resolve"[^>]*>[\s\S]*?<\/form>/)![0];
    const radios = tags(form, "input").filter((a) => a.type === "radio");
    expect(radios.map((a) => a.value)).toEqual(["none", ...marta.suggestedActions!, "own"]);
    expect(radios.every((a) => a.name === "gesture")).toBe(true);
    expect(radios.filter((a) => "checked" in a).map((a) => a.value)).toEqual(["none"]);
    expect(tags(form, "input").filter((a) => a.type === "text").map((a) => a.name)).toEqual(["gestureOwn", "gestureCost"]);
    expect(tags(form, "input").filter((a) => a.type === "checkbox").map((a) => [a.name, a.value])).toEqual([
      ["inspiredBy", "ent_01JSAILS"],
      ["inspiredBy", "ent_01JNOTE"],
    ]);
    expect([...form.matchAll(/<legend>([\s\S]*?)<\/legend>/g)].map((m) => textOf(m[1]!).trim())).toEqual(["Personal gesture (optional)", "What inspired it (optional)"]);
    expect(textOf(form)).toContain("Cost (optional) What the gesture cost, such as 45.50.");
    // An anonymous case has nobody to make a gesture to.
    const anonymous = renderRepDashboard(ana({ followUps: { overdue: [{ ...marta, anonymous: true, customerName: undefined }], dueToday: [] } }));
    expect(anonymous).not.toContain('name="gesture"');
  });

  it("shows a refused cost beside its field, with the values as typed", () => {
    const message = "Cost must have at most 2 decimals.";
    const html = renderRepDashboard(
      ana({ resolveError: { id: marta.id, message, field: "cost", note: "Called", gesture: "own", gestureOwn: "Running socks", gestureCost: "10.005", inspiredBy: [] } }),
    );
    expectWellFormedPage(html);
    const cost = tags(html, "input").find((a) => a.name === "gestureCost")!;
    expect(cost).toMatchObject({ value: "10.005", "aria-invalid": "true", "aria-describedby": `${cost.id}-hint ${cost.id}-error` });
    expect(tags(html, "input").find((a) => a.name === "gestureOwn")).toMatchObject({ value: "Running socks" });
    expect(tags(html, "input").find((a) => a.type === "radio" && "checked" in a)).toMatchObject({ value: "own" });
    const summary = html.match(/<div class="errors" role="alert"[\s\S]*?<\/div>/)?.[0] ?? "";
    expect(tags(summary, "a")).toEqual([{ href: `#${cost.id}` }]);
    expect(tags(html, "textarea").find((a) => a.id?.includes("MARTA"))).not.toHaveProperty("aria-invalid");
  });

  it("keeps the note and shows the error beside it and in a summary at the top when a resolve is rejected", () => {
    const message = "Note is required: say what was done.";
    const html = renderRepDashboard(ana({ resolveError: { id: marta.id, message, note: "  <b>called</b>" } }));
    expectWellFormedPage(html);
    expect(html).toMatch(/<title>Error: /);
    const summary = html.match(/<div class="errors" role="alert"[\s\S]*?<\/div>/)?.[0] ?? "";
    expect(textOf(summary).trim()).toBe(`Marta Nowak: not resolved yet ${message}`);
    const note = tags(html, "textarea").find((a) => a.id?.includes("MARTA"))!;
    expect(tags(summary, "a")).toEqual([{ href: `#${note.id}` }]);
    expect(html.indexOf('class="errors"')).toBeLessThan(html.indexOf("<h1"));
    expect(note).toMatchObject({ "aria-invalid": "true", "aria-describedby": `${note.id}-hint ${note.id}-error` });
    expect(html).toContain(`<p class="error" id="${note.id}-error"><span class="vh">Error: </span>${message}</p>`);
    expect(html).toMatch(/<textarea[^>]*aria-invalid="true"[^>]*>  &lt;b&gt;called&lt;\/b&gt;<\/textarea>/);
    expect(html.match(/aria-invalid="true"/g)).toHaveLength(1);
    // the other forms are untouched
    for (const other of tags(html, "textarea").filter((a) => a.id !== note.id)) expect(other["aria-describedby"]).toBe(`${other.id}-hint`);
    // an error for an item no longer on the page still says what happened, without a broken link
    const gone = renderRepDashboard(ana({ resolveError: { id: "fup_gone", message, note: "" } }));
    expect(textOf(gone.match(/<div class="errors"[\s\S]*?<\/div>/)?.[0] ?? "")).toContain(`The follow-up is not resolved yet ${message}`);
    expect(gone).not.toContain('aria-invalid="true"');
  });

  it("confirms a resolved follow-up with a polite status message at the top", () => {
    const notice = "Resolved. A check-in with the customer is on your schedule in 21 days.";
    const html = renderRepDashboard(ana({ notice, followUps: { overdue: [], dueToday: [greta, dev] } }));
    expectWellFormedPage(html);
    expect(html).toContain(`<div class="notice done" role="status"><p><span aria-hidden="true">✓ </span>${notice}</p></div>`);
    expect(html.indexOf('role="status"')).toBeLessThan(html.indexOf("<h1"));
    expect(renderRepDashboard(ana())).not.toContain('role="status"');
  });
});
