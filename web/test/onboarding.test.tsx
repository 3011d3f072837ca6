import { describe, expect, it } from "vitest";
import { interestChoices } from "@rapport/core/survey/onboarding-choices";
import { renderOnboardingPage } from "../src/pages/onboarding.tsx";
import { onboarding } from "./customer-fixtures.ts";
import { expectWellFormedPage, inputById, tags } from "./html.ts";

describe("onboarding page", () => {
  it("pre-fills and pre-selects everything Rapport knows", () => {
    const html = renderOnboardingPage(
      onboarding({
        values: {
          channel: "phone",
          contact: "+49 30 1234567",
          timezone: "America/New_York",
          bestHours: "Weekdays 16:00–18:00",
          cadence: "biweekly",
          responseTime: "4h",
          emergencyContact: "Jo, +49 30 7654321",
          onTimeMeans: "Before the trade fair",
          interests: ["growth", "training", "vintage cars"],
          personalInterests: "Sailing",
          idealExperience: "No surprises",
        },
      }),
    );
    expectWellFormedPage(html);
    const checked = tags(html, "input").filter((a) => "checked" in a);
    expect(checked.map((a) => `${a.name}=${a.value}`).sort()).toEqual([
      "cadence=biweekly",
      "channel=phone",
      "interests=growth",
      "interests=training",
      "interests=vintage cars",
      "responseTime=4h",
    ]);
    expect(tags(html, "option").find((o) => "selected" in o)?.value).toBe("America/New_York");
    expect(inputById(html, "contact").value).toBe("+49 30 1234567");
    expect(inputById(html, "bestHours").value).toBe("Weekdays 16:00–18:00");
    expect(inputById(html, "emergencyContact").value).toBe("Jo, +49 30 7654321");
    expect(html).toMatch(/<textarea[^>]*id="onTimeMeans"[^>]*>Before the trade fair<\/textarea>/);
    expect(html).toMatch(/<textarea[^>]*id="personalInterests"[^>]*>Sailing<\/textarea>/);
    expect(html).toMatch(/<textarea[^>]*id="idealExperience"[^>]*>No surprises<\/textarea>/);
  });

  it("posts every field under the name the server parses", () => {
    const html = renderOnboardingPage(onboarding());
    const names = new Set([...tags(html, "input"), ...tags(html, "textarea"), ...tags(html, "select")].map((a) => a.name));
    expect([...names].sort()).toEqual(
      [
        "csrf",
        "channel",
        "contact",
        "timezone",
        "bestHours",
        "cadence",
        "responseTime",
        "emergencyContact",
        "onTimeMeans",
        "interests",
        "personalInterests",
        "idealExperience",
      ].sort(),
    );
    expect(tags(html, "input").filter((a) => a.name === "interests")).toHaveLength(interestChoices.length);
    expect(tags(html, "form")[0]).toMatchObject({ method: "post", action: "/s/tok456" });
    expect(html).toContain("What can we do to make this exactly the buying experience you want?");
    expect(html).toContain("Weekdays 16:00–18:00");
    expect(html).toContain("shared with Ana");
    expect(html).toContain("Emergency contact<span class=\"opt-tag\"> (optional)</span>");
  });

  it("offers a time zone that is not in the list when it is the customer's", () => {
    const html = renderOnboardingPage(onboarding({ values: { ...onboarding().values, timezone: "Atlantic/Reykjavik" } }));
    expect(tags(html, "option").filter((o) => "selected" in o).map((o) => o.value)).toEqual(["Atlantic/Reykjavik"]);
  });

  it("groups the time zones by region with readable labels, today's offset included", () => {
    const html = renderOnboardingPage(onboarding());
    expect(tags(html, "optgroup").map((g) => g.label)).toEqual(["Americas", "Europe", "Africa", "Asia", "Australia and Pacific", "Other"]);
    expect(html).toContain('<option value="Europe/Berlin" selected="">Berlin — Europe/Berlin, UTC+01:00</option>');
    expect(html).toContain(">Toronto — America/Toronto, UTC-05:00</option>");
    expect(html).toContain(">Kolkata — Asia/Kolkata, UTC+05:30</option>");
    expect(tags(html, "option").filter((o) => "selected" in o)).toHaveLength(1);
  });

  it("loads the same-origin local-zone script only when the selected zone is just the organization's default", () => {
    const withScript = renderOnboardingPage(onboarding({ localZoneScript: "/s/local-zone.js" }));
    expectWellFormedPage(withScript, { scripts: ["/s/local-zone.js"] });
    expect(tags(withScript, "select")[0]).toHaveProperty("data-local-zone");
    expect(tags(withScript, "option").find((o) => o.value === "Asia/Kolkata")?.["data-aliases"]).toBe("Asia/Calcutta");

    const without = renderOnboardingPage(onboarding());
    expectWellFormedPage(without);
    expect(tags(without, "select")[0]).not.toHaveProperty("data-local-zone");
  });

  it("asks for a time zone when none is known", () => {
    const html = renderOnboardingPage(onboarding({ values: { ...onboarding().values, timezone: "" } }));
    expect(tags(html, "option")[0]).toMatchObject({ value: "", selected: "" });
  });

  it("marks the contact field invalid, in the summary and beside it", () => {
    const html = renderOnboardingPage(
      onboarding({ errors: { contact: "must be a phone number, such as +49 30 1234567", cadence: "must be daily, weekly, biweekly, monthly or as-needed" } }),
    );
    expectWellFormedPage(html);
    expect(html).toContain('<a href="#contact">Contact must be a phone number, such as +49 30 1234567</a>');
    expect(html).toContain('<a href="#cadence-daily">Choose how often you would like updates</a>');
    expect(inputById(html, "contact")).toMatchObject({ "aria-invalid": "true", "aria-describedby": "contact-hint contact-error" });
    expect(inputById(html, "cadence-daily")["aria-invalid"]).toBe("true");
    expect(html).toMatch(/id="contact-error"/);
  });

  it("shows the revisable notice and the update button", () => {
    const html = renderOnboardingPage(onboarding({ state: "revisable", answeredAt: "2026-01-05T09:30:00Z", revisableUntil: "2026-01-12T09:30:00Z" }));
    expect(html).toContain("We received your answers on Mon 5 Jan 2026, 09:30 (UTC). You can change them until Mon 12 Jan 2026, 09:30 (UTC).");
    expect(html).toMatch(/>Update my answers<\/button>/);
  });
});
