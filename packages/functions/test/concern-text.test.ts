import { describe, expect, it } from "vitest";
import { aCustomerOfATeam, casesOf, raise, raiseJson } from "./concern-support.ts";

describe("what a customer writes with a concern", () => {
  it("is counted as the form's maxlength counts it: 2000 characters with line breaks sent as \\r\\n go through, kept with \\n", async () => {
    const { rep, link } = await aCustomerOfATeam(null);
    // 20 lines of 99 characters, 19 line breaks and a final "!": 2000 in the box, 2019 on the wire.
    const typed = `${Array.from({ length: 20 }, (_, i) => String(i).padEnd(99, "y")).join("\n")}!`;
    expect(typed).toHaveLength(2000);
    expect((await raise(link, { what: typed.replaceAll("\n", "\r\n"), urgency: "no-rush", reply: "anonymous" })).status).toBe(303);
    const [opened] = await casesOf(rep.id);
    expect(opened!.comment).toBe(typed);
    const tooLong = await raiseJson(link, { what: `${typed}\r\nz`, urgency: "no-rush", reply: "anonymous" });
    expect((await tooLong.json()).error.fields).toEqual({ what: "What happened must be at most 2000 characters (it has 2002)" });
  });

  it("is refused when nobody could read it: only blanks and joiners, control characters, broken Unicode; nothing is opened", async () => {
    const { rep, link } = await aCustomerOfATeam(null);
    const refused: [string, string][] = [
      ["\u200D \u200C\r\n\t\u00A0\u3000", "What happened is required: tell us in a few words"],
      ["The invoice \u202Eeciovni\u202C was wrong", "What happened must not contain control characters (direction marks, NUL)"],
      ["Late\u0000 again", "What happened must not contain control characters (direction marks, NUL)"],
      ["Half a character: \uD83D", "What happened must be well-formed text"],
    ];
    for (const [what, message] of refused) {
      const res = await raiseJson(link, { what, urgency: "today", reply: "anonymous" });
      expect(res.status, JSON.stringify(what)).toBe(400);
      expect((await res.json()).error.fields, JSON.stringify(what)).toEqual({ what: message });
    }
    // The form shows it as a mistake too, with the text kept.
    const page = await raise(link, { what: "\u200B\u200D", urgency: "today", reply: "anonymous" });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("What happened is required: tell us in a few words");
    expect(await casesOf(rep.id)).toEqual([]);
  });

  it("takes a contact with the same care: control characters refused, only invisible characters as no contact at all", async () => {
    const { rep, customer, link } = await aCustomerOfATeam(null);
    const hidden = await raiseJson(link, { what: "Call me", urgency: "today", reply: "contact", channel: "video", contact: "https://meet.example.com/\u202Emoor" });
    expect((await hidden.json()).error.fields).toEqual({ contact: "Contact must not contain control characters (line breaks, tabs, direction marks)" });
    const broken = await raiseJson(link, { what: "Call me", urgency: "today", reply: "contact", channel: "video", contact: "https://meet.example.com/\uDC00" });
    expect((await broken.json()).error.fields).toEqual({ contact: "Contact must be well-formed text" });
    expect((await raiseJson(link, { what: "Write to me", urgency: "today", reply: "contact", channel: "email", contact: "\u200D\u200C" })).status).toBe(201);
    const [opened] = await casesOf(rep.id);
    expect(opened).toMatchObject({ channel: "email", contact: customer.email });
  });
});
