import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Admin } from "@rapport/core/admin/index";
import { ApiKey } from "@rapport/core/api-key/index";
import type { Actor } from "@rapport/core/audit/index";
import { now } from "@rapport/core/clock/index";
import { Customer } from "@rapport/core/customer/index";
import { VisibleError } from "@rapport/core/error";
import { Meta } from "@rapport/core/meta/index";
import { Plan } from "@rapport/core/plan/index";
import { Rep } from "@rapport/core/rep/index";
import { seedAnswers } from "./seed-answers.ts";

const actor: Actor = { kind: "system", id: "demo-seed" };

/** Set last, so a restart skips the seed; a seed that crashed half-way runs its safe steps again, never its answers. */
const SEEDED = "demo-seed";

const manager = { name: "Maya Okafor", email: "maya.manager@demo.rapport.localhost" };
const team = "Northeast";

const reps = [
  { name: "Jordan Reyes", email: "jordan.reyes@demo.rapport.localhost" },
  { name: "Priya Raman", email: "priya.raman@demo.rapport.localhost" },
  { name: "Sam Whitaker", email: "sam.whitaker@demo.rapport.localhost" },
] as const;

/**
 * `rep` indexes `reps`, mixed tiers. Jordan and Sam have seven customers each and Priya five, so with the
 * plan's default minimum of 5 responses every rep is eligible in the previous quarter, and Jordan and Sam in
 * the current one (its answers leave out each rep's last customer), while Priya still needs one more.
 */
const customers = [
  { rep: 0, name: "Alicia Moreno", email: "alicia.moreno@harbor-logistics.example", company: "Harbor Logistics", segment: "Mid-market", valueTier: "A" },
  { rep: 0, name: "Ben Castellano", email: "ben.castellano@castellano-foods.example", company: "Castellano Foods", segment: "SMB", valueTier: "C" },
  { rep: 0, name: "Chloe Nguyen", email: "chloe.nguyen@brightpath-health.example", company: "BrightPath Health", segment: "Enterprise", valueTier: "A" },
  { rep: 0, name: "Dmitri Volkov", email: "dmitri.volkov@ironclad-mfg.example", company: "Ironclad Manufacturing", segment: "Mid-market", valueTier: "B" },
  { rep: 0, name: "Mateo Silva", email: "mateo.silva@silva-coffee.example", company: "Silva Coffee Roasters", segment: "SMB", valueTier: "B" },
  { rep: 0, name: "Nora Lindqvist", email: "nora.lindqvist@polar-freight.example", company: "Polar Freight", segment: "Enterprise", valueTier: "A" },
  { rep: 0, name: "Omar Farouk", email: "omar.farouk@farouk-textiles.example", company: "Farouk Textiles", segment: "Mid-market", valueTier: "C" },
  { rep: 1, name: "Elena Petrova", email: "elena.petrova@lumen-analytics.example", company: "Lumen Analytics", segment: "Enterprise", valueTier: "A" },
  { rep: 1, name: "Farid Haddad", email: "farid.haddad@cedar-dental.example", company: "Cedar Dental Group", segment: "SMB", valueTier: "B" },
  { rep: 1, name: "Grace Liu", email: "grace.liu@northwind-outfitters.example", company: "Northwind Outfitters", segment: "Mid-market", valueTier: "B" },
  { rep: 1, name: "Hector Alvarez", email: "hector.alvarez@alvarez-builders.example", company: "Alvarez Builders", segment: "SMB", valueTier: "C" },
  { rep: 1, name: "Paula Costa", email: "paula.costa@costa-clinics.example", company: "Costa Clinics", segment: "Mid-market", valueTier: "A" },
  { rep: 2, name: "Ingrid Johansson", email: "ingrid.johansson@fjord-energy.example", company: "Fjord Energy", segment: "Enterprise", valueTier: "A" },
  { rep: 2, name: "Jamal Brooks", email: "jamal.brooks@brooks-print.example", company: "Brooks Print & Sign", segment: "SMB", valueTier: "C" },
  { rep: 2, name: "Keiko Tanaka", email: "keiko.tanaka@sakura-travel.example", company: "Sakura Travel", segment: "Mid-market", valueTier: "B" },
  { rep: 2, name: "Quinn Harper", email: "quinn.harper@harper-studio.example", company: "Harper Design Studio", segment: "SMB", valueTier: "C" },
  { rep: 2, name: "Rosa Jimenez", email: "rosa.jimenez@jimenez-solar.example", company: "Jimenez Solar", segment: "Mid-market", valueTier: "B" },
  { rep: 2, name: "Tariq Aziz", email: "tariq.aziz@aziz-pharmacy.example", company: "Aziz Pharmacy", segment: "SMB", valueTier: "B" },
  { rep: 2, name: "Liam O'Connell", email: "liam.oconnell@greenfield-schools.example", company: "Greenfield Schools", segment: "Public sector", valueTier: "B" },
] as const;

/** The demo people to sign in as (their sign-in links arrive in the SES emulator's inbox). */
export const DEMO_SIGN_IN = { rep: "sam.whitaker@demo.rapport.localhost", manager: "maya.manager@demo.rapport.localhost", admin: "admin@demo.rapport.localhost" };

/** The demo admin: a person (not a key) who signs in to the console at /admin. */
async function demoAdmin(): Promise<void> {
  try {
    await Admin.add({ email: DEMO_SIGN_IN.admin, name: "Avery Admin" }, actor);
  } catch (error) {
    if (!(error instanceof VisibleError && error.code === "already_admin")) throw error;
  }
}

/** What the demo seed created, for the banner and for later seed steps (answers, follow-ups). */
export interface SeedResult {
  managerEmail: string;
  team: string;
  reps: Rep[];
  customers: Customer[];
  adminApiKey: { id: string; key: string };
  /** Report cards answered over the last two quarters by this run (0 when an earlier run seeded them). */
  answers: number;
}

/** The demo admin key, kept beside the data because a key's secret is shown only once. */
export interface DemoCredentials {
  adminApiKey: string;
  adminApiKeyId: string;
  createdAt: string;
}

/** Claimed before the answers are seeded: they send email (recovery cases), so they are seeded at most once per table. */
const ANSWERED = "demo-seed-answers";

/**
 * Creates the demo organization through the core verbs: a manager's team of three reps, their
 * customers, two quarters of answers, a demo admin and an admin API key. Safe to run again: reps and customers are
 * upserted by email, the answers (which send email) are seeded once per table, and `reuseKey` is kept
 * when it is still a valid key.
 */
export async function seedDemo(options: { reuseKey?: string; answers?: boolean } = {}): Promise<SeedResult> {
  const seededReps: Rep[] = [];
  for (const rep of reps) {
    seededReps.push((await Rep.upsertByEmail({ ...rep, managerEmail: manager.email, team }, actor)).rep);
  }
  const seededCustomers: Customer[] = [];
  for (const { rep, ...customer } of customers) {
    seededCustomers.push((await Customer.upsertByEmail({ ...customer, repId: seededReps[rep]!.id }, actor)).customer);
  }
  await Plan.ensureDefault(actor);
  await demoAdmin();
  const answers = options.answers !== false && (await Meta.claim(ANSWERED)) ? await seedAnswers(seededReps, seededCustomers, now(), actor) : 0;
  return { managerEmail: manager.email, team, reps: seededReps, customers: seededCustomers, adminApiKey: await demoKey(options.reuseKey), answers };
}

async function demoKey(reuseKey: string | undefined): Promise<{ id: string; key: string }> {
  const existing = reuseKey ? await ApiKey.verify(reuseKey) : undefined;
  if (existing && reuseKey && existing.scopes.includes("admin")) return { id: existing.id, key: reuseKey };
  const created = await ApiKey.create({ name: "Demo admin key (local runner)", scopes: ["admin"] }, actor);
  return { id: created.id, key: created.key };
}

/**
 * Seeds the demo organization unless this table has been seeded before, then keeps the demo key
 * in `<dataDir>/demo-credentials.json`. Answers the result when it seeded, undefined otherwise.
 */
export async function seedDemoOnce(dataDir: string): Promise<SeedResult | undefined> {
  if (await Meta.isSet(SEEDED)) return undefined;
  const result = await seedDemo({ reuseKey: readDemoCredentials(dataDir)?.adminApiKey });
  writeDemoCredentials(dataDir, { adminApiKey: result.adminApiKey.key, adminApiKeyId: result.adminApiKey.id, createdAt: now().toISOString() });
  await Meta.set(SEEDED);
  return result;
}

function credentialsPath(dataDir: string): string {
  return join(dataDir, "demo-credentials.json");
}

/** The demo credentials saved by an earlier seed, or undefined when there are none. */
export function readDemoCredentials(dataDir: string): DemoCredentials | undefined {
  try {
    const saved = JSON.parse(readFileSync(credentialsPath(dataDir), "utf8")) as Partial<DemoCredentials>;
    return typeof saved.adminApiKey === "string" && typeof saved.adminApiKeyId === "string" ? (saved as DemoCredentials) : undefined;
  } catch {
    return undefined;
  }
}

function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(credentialsPath(dataDir), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}
