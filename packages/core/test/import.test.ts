import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Audit } from "@rapport/core/audit/index";
import { Customer } from "@rapport/core/customer/index";
import { list as listCustomers } from "@rapport/core/customer/list";
import { queryAll } from "@rapport/core/db/index";
import { Import, type ImportFile } from "@rapport/core/import/index";
import { Rep } from "@rapport/core/rep/index";
import { repKeys } from "@rapport/core/rep/keys";
import { aRep, email } from "../../../test/support/fixtures.ts";

const actor = { kind: "cli", id: "import-test" } as const;

const fixture = (name: string): ImportFile => ({
  name,
  text: readFileSync(new URL(`./fixtures/import/${name}`, import.meta.url), "utf8"),
});

/** A CSV file from its lines, header first (so line numbers in assertions are the array index + 1). */
const csv = (name: string, ...lines: string[]): ImportFile => ({ name, text: `${lines.join("\n")}\n` });

async function repCount(): Promise<number> {
  const items = await queryAll({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": repKeys.listPartition },
  });
  return items.length;
}

describe("Import.run", () => {
  it("creates reps and customers, owned by reps of the same file or already in the database", async () => {
    const existing = await aRep({ name: "Already Here" });
    const progress: string[] = [];
    const result = await Import.run(
      [
        fixture("reps.csv"),
        fixture("customers.csv"),
      ],
      { actor, onProgress: (done, total, kind) => progress.push(`${done}/${total} ${kind}`) },
    );
    expect(result.errors).toEqual([]);
    expect(result.written).toBe(true);
    expect(result.files).toEqual([
      { file: "reps.csv", kind: "reps", rows: 3 },
      { file: "customers.csv", kind: "customers", rows: 3 },
    ]);
    expect(result.reps).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(result.customers).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(progress).toContain("3/3 reps");
    expect(progress.at(-1)).toBe("3/3 customers");

    const jordan = await Rep.fromEmail("jordan@import.example");
    const priya = await Rep.fromEmail("priya@import.example");
    expect(jordan).toMatchObject({ name: "Jordan Reyes", managerEmail: "maya@import.example", team: "Northeast" });
    expect(await Rep.fromEmail("maya@import.example")).toMatchObject({ name: "Maya Okafor", team: "Northeast" });
    expect((await Rep.fromEmail("maya@import.example"))?.managerEmail).toBeUndefined();

    const ben = await Customer.fromEmail("ben@castellano.example");
    expect(ben).toMatchObject({ name: "Ben Castellano", company: "Castellano Foods, Inc.", repId: jordan!.id, segment: "SMB", valueTier: "C" });
    expect((await listCustomers({ repId: jordan!.id })).items.map((c) => c.email)).toEqual(["alicia@harbor.example", "ben@castellano.example"]);
    const chloe = await Customer.fromEmail("chloe@brightpath.example");
    expect(chloe).toMatchObject({ repId: priya!.id, company: "BrightPath Health" });
    expect(chloe?.valueTier).toBeUndefined();

    // Each entity has its audit entry, attributed to the CLI actor.
    expect((await Audit.forEntity(ben!.id)).items).toMatchObject([{ action: "customer.create", actor }]);

    // A customers file alone may name a rep that is already in the database.
    const address = email("own");
    const alone = await Import.run([csv("customers.csv", "name,email,rep_email", `Solo Buyer,${address},${existing.email.toUpperCase()}`)], { actor });
    expect(alone.errors).toEqual([]);
    expect(alone.reps).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(await Customer.fromEmail(address)).toMatchObject({ repId: existing.id });
  });

  it("updates changed rows on a re-run and duplicates nothing", async () => {
    const [ana, bo, cy, dee] = [email("ana"), email("bo"), email("cy"), email("dee")];
    const reps = (boTeam: string) => csv("reps.csv", "name,email,team", `Ana,${ana},East`, `Bo,${bo},${boTeam}`);
    const customers = (deeTier: string) =>
      csv("customers.csv", "name,email,rep_email,value_tier", `Cy,${cy},${ana},A`, `Dee,${dee},${bo},${deeTier}`);

    const first = await Import.run([reps("East"), customers("B")], { actor });
    expect(first.reps).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(first.customers).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const repsAfterFirst = await repCount();
    const boRep = await Rep.fromEmail(bo);
    const deeBefore = await Customer.fromEmail(dee);

    // Bo moves team, Dee moves tier, and Dee is also handed to Ana; the rest is as before.
    const second = await Import.run(
      [reps("West"), csv("customers.csv", "name,email,rep_email,value_tier", `Cy,${cy},${ana},A`, `Dee,${dee},${ana},C`)],
      { actor },
    );
    expect(second.errors).toEqual([]);
    expect(second.reps).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(second.customers).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(await repCount()).toBe(repsAfterFirst);

    const boAfter = await Rep.fromEmail(bo);
    expect(boAfter).toMatchObject({ id: boRep!.id, team: "West" });
    const deeAfter = await Customer.fromEmail(dee);
    const anaRep = await Rep.fromEmail(ana);
    expect(deeAfter).toMatchObject({ id: deeBefore!.id, valueTier: "C", repId: anaRep!.id });
    expect((await listCustomers({ repId: boRep!.id })).items).toEqual([]);
    expect((await listCustomers({ repId: anaRep!.id })).items.map((c) => c.email).sort()).toEqual([cy, dee].sort());
    expect((await Audit.forEntity(deeAfter!.id)).items.map((e) => e.action)).toEqual(["customer.create", "customer.update"]);

    const third = await Import.run([reps("West")], { actor });
    expect(third.reps).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });

  it("reports every bad row with its line and column, and writes nothing", async () => {
    const [rep, good, good2, bad2] = [email("rep"), email("good"), email("good2"), email("bad2")];
    const before = await repCount();
    const result = await Import.run(
      [
        csv("reps.csv", "name,email,team", `Rita,${rep},East`),
        csv(
          "customers.csv",
          "name,email,rep_email,value_tier",
          `Good,${good},${rep},A`,
          `Bad Email,not-an-email,${rep},B`,
          `Good Too,${good2},${rep},`,
          `,${bad2},${rep},D`,
        ),
      ],
      { actor },
    );
    expect(result.written).toBe(false);
    expect(result.errors).toEqual([
      { file: "customers.csv", line: 3, field: "email", message: "must be an email address" },
      { file: "customers.csv", line: 5, field: "name", message: "is required" },
      { file: "customers.csv", line: 5, field: "value_tier", message: "must be A, B or C" },
    ]);
    expect(result.reps).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(await repCount()).toBe(before);
    expect(await Rep.fromEmail(rep)).toBeUndefined();
    expect(await Customer.fromEmail(good)).toBeUndefined();
    expect(await Customer.fromEmail(good2)).toBeUndefined();
  });

  it("reports a customer whose rep email matches no rep, on its line", async () => {
    const known = await aRep();
    const [a, b] = [email("a"), email("b")];
    const result = await Import.run(
      [csv("customers.csv", "name,email,rep_email", `Has Rep,${a},${known.email}`, `No Rep,${b},ghost.${known.email}`)],
      { actor },
    );
    expect(result.errors).toEqual([
      { file: "customers.csv", line: 3, field: "rep_email", message: "no rep has this email, in this import or in the database" },
    ]);
    expect(await Customer.fromEmail(a)).toBeUndefined();
  });

  it("reports a repeated email in one file on every repeat", async () => {
    const [x, y] = [email("x"), email("y")];
    const result = await Import.run(
      [csv("reps.csv", "name,email", `X,${x}`, `Y,${y}`, `X again,${x.toUpperCase()}`, `Y again, ${y}`)],
      { actor },
    );
    expect(result.errors).toEqual([
      { file: "reps.csv", line: 4, field: "email", message: "repeats the email on line 2" },
      { file: "reps.csv", line: 5, field: "email", message: "repeats the email on line 3" },
    ]);
    expect(await Rep.fromEmail(x)).toBeUndefined();
  });

  it("parses quoted fields with commas, quotes and newlines, keeping later line numbers right", async () => {
    const result = await Import.run([fixture("reps.csv"), fixture("customers-quoted.csv")], { actor });
    expect(result.errors).toEqual([]);
    expect(result.customers.created).toBe(4);
    expect(await Customer.fromEmail("dana@quoted.example")).toMatchObject({ name: "Okafor, Dana", company: "Harbor Logistics, Inc." });
    expect(await Customer.fromEmail("eli@quoted.example")).toMatchObject({ company: "Stone & Sons\nBuilding Supplies" });
    expect(await Customer.fromEmail("fay@quoted.example")).toMatchObject({ name: 'Fay "Fi" Lin', segment: "Enterprise,\nkey account" });

    // Gus starts on physical line 7: the two quoted newlines above push him down.
    const quoted = fixture("customers-quoted.csv");
    const broken = { ...quoted, text: quoted.text.replace("jordan@import.example,,B", "jordan@import.example,,Z").replace(/\n/g, "\r\n") };
    const bad = await Import.run([fixture("reps.csv"), broken], { actor, dryRun: true });
    expect(bad.errors).toEqual([{ file: "customers-quoted.csv", line: 7, field: "value_tier", message: "must be A, B or C" }]);
  });

  it("rejects a broken header, an unclosed quote and a short row, with their lines", async () => {
    const result = await Import.run(
      [
        csv("reps.csv", "Name,E-Mail,Office"),
        csv("customers.csv", "name,email,company", "A,a@x.example,Acme"),
        csv("more.csv", "name,email,rep_email", `A,${email()},`, `B,${email()}`, `"C,oops@x.example,x`),
      ],
      { actor, dryRun: true },
    );
    expect(result.errors).toEqual([
      { file: "reps.csv", line: 1, field: "Office", message: "is not a reps column (expected name, email, manager_email, team, timezone)" },
      { file: "customers.csv", line: 1, field: "rep_email", message: "column is missing from the header" },
      { file: "more.csv", line: 4, field: "", message: 'a quoted field is never closed (a missing ")' },
    ]);

    const rows = await Import.run([csv("customers.csv", "name,email,rep_email", `A,${email()},`, `B,${email()}`)], { actor, dryRun: true });
    expect(rows.errors).toEqual([
      { file: "customers.csv", line: 2, field: "rep_email", message: "is required" },
      { file: "customers.csv", line: 3, field: "", message: "has 2 values but the header has 3 columns" },
    ]);
  });
});
