import { Hono } from "hono";
import * as v from "valibot";
import { Auth, type Viewer } from "@rapport/core/auth/index";
import { Customer } from "@rapport/core/customer/index";
import { VisibleError } from "@rapport/core/error";
import { IdSchema } from "@rapport/core/fields";
import { NoteSchema, NoteViewSchema, Profile, ProfileViewSchema } from "@rapport/core/profile/index";
import { requireScopeOrViewer, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

const noteExample = { id: "ent_01JH5ZK2M4N6P8Q0R2S4T6V8W0", text: "Moving offices in March; wants the new site quoted before then.", at: "2026-11-24T10:12:00.000Z", author: { name: "Dana Ortiz" } };

component("CustomerNoteInput", NoteSchema, { text: "Moving offices in March; wants the new site quoted before then." });
const NoteOutput = component("CustomerNote", NoteViewSchema, noteExample);
const ProfileOutput = component("CustomerProfile", ProfileViewSchema, {
  customerId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K",
  name: "Sam Lee",
  email: "sam.lee@example.com",
  company: "Northwind",
  valueTier: "A",
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  preferences: { channel: "phone", contact: "+14155550123", timezone: "America/Los_Angeles", bestHours: "Weekdays 9-11", cadence: "weekly", responseTime: "4h", updatedAt: "2026-10-02T16:20:00.000Z" },
  shared: [
    { field: "aboutMe", text: "I coach my daughter's football team on Saturdays.", source: "report-card", period: "2026-Q4" },
    { field: "interests", interests: ["cost savings", "training"], source: "onboarding", period: "2026-Q4", sharedAt: "2026-10-02T16:20:00.000Z" },
  ],
  notes: [noteExample],
});

const CustomerParams = v.object({ id: IdSchema("cus") });

/** The customer, once the caller may see their profile: an admin key any; a signed-in rep their own customers', a manager their team's. */
async function customerFor(id: string, viewer: Viewer | undefined) {
  const customer = await Customer.mustGet(id);
  if (viewer && !Auth.maySee(viewer, customer.repId)) throw new VisibleError("forbidden", "not_your_customer", "You can see the profiles of your own customers and your team's.");
  return customer;
}

export const profiles = new Hono<AppEnv>()
  .get(
    "/:id/profile",
    describe({
      operationId: "getCustomerProfile",
      summary: "A customer's secrets manual: preferences, what they shared, reps' notes (admin key, the customer's rep or their manager)",
      description:
        "Everything a rep should know before the next conversation, newest first. What the customer shared on a report card without sharing their name carries the quarter only, never the instant (it would tie them to that card's anonymous answers). Empty once the customer withdrew their consent.",
      tags: ["Customers"],
      security: ["admin", "session"],
      responses: { 200: { description: "The profile", schema: ProfileOutput }, 403: "An API key without the admin scope, or a signed-in person who is neither the customer's rep nor their manager", 404: "Unknown customer" },
    }),
    requireScopeOrViewer("admin"),
    validate("param", CustomerParams),
    async (c) => {
      const customer = await customerFor(c.req.valid("param").id, c.get("viewer"));
      return c.json(shaped(ProfileOutput, Profile.staffView(await Profile.read(customer.id))));
    },
  )
  .post(
    "/:id/notes",
    describe({
      operationId: "addCustomerNote",
      summary: "Write down what you learned about a customer (admin key, the customer's rep or their manager)",
      description:
        "Dated and authored; the audit log records who added which note (by id; the text stays in the profile). The customer sees every note on their \"What we know about you\" page and may delete it. Refused once the customer withdrew their consent, until they share something again.",
      tags: ["Customers"],
      security: ["admin", "session"],
      responses: {
        201: { description: "The note", schema: NoteOutput },
        403: "An API key without the admin scope, or a signed-in person who is neither the customer's rep nor their manager",
        404: "Unknown customer",
        409: "The customer withdrew their consent (`consent_withdrawn`) and has shared nothing since",
      },
    }),
    requireScopeOrViewer("admin"),
    validate("param", CustomerParams),
    validate("json", NoteSchema),
    async (c) => {
      const viewer = c.get("viewer");
      const customer = await customerFor(c.req.valid("param").id, viewer);
      const note = await Profile.addNote(customer.id, c.req.valid("json"), { actor: c.get("actor"), name: viewer?.name ?? "An administrator" });
      return c.json(shaped(NoteOutput, note), 201);
    },
  );
