import { beforeAll, describe, expect, it } from "vitest";
import { Customer } from "@rapport/core/customer/index";
import { Import } from "@rapport/core/import/index";
import { Rep } from "@rapport/core/rep/index";
import { createApp } from "../src/api/app.ts";
import { aRep, bearer, email } from "../../../test/support/fixtures.ts";

const app = createApp();
let admin: string;

beforeAll(async () => {
  admin = await bearer("admin");
});

const post = (path: string, body: unknown) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", authorization: admin }, body: JSON.stringify(body) });

const BREAKS = { "CR/LF": "Rosa\r\nBcc: spy@evil.example", tab: "Holt\tRaymond", "U+2028": "Jake\u2028Peralta", NEL: "Terry\u0085Jeffords" };
const OTHERS = { NUL: "Gina\u0000Linetti", "U+200B": "Holt\u200BRaymond", BOM: "Ke\uFEFFvin", "soft hyphen": "Hitch\u00ADcock", "Hangul filler": "Ji\u3164woo", "U+202E": "Amy \u202Egnp.exe", "U+2066": "Jake \u2066Peralta", "U+200F": "Rosa\u200FDiaz", DEL: "Charles\u007F", C1: "Terry\u009BJeffords" };
const NAME_REFUSED = "must not contain control characters (line breaks, tabs, direction marks)";
const LABEL_REFUSED = "must not contain control characters (direction marks, NUL)";

describe("names are stored without control characters", () => {
  it.each(Object.entries({ ...BREAKS, ...OTHERS }))("refuses a rep, a customer and an API key whose name has %s, naming the field", async (_, bad) => {
    const rep = await post("/v1/reps", { name: bad, email: email("rep") });
    expect(rep.status).toBe(400);
    expect((await rep.json()).error.fields).toEqual({ name: NAME_REFUSED });
    const owner = await aRep();
    const address = email("customer");
    const customer = await post("/v1/customers", { name: bad, email: address, repId: owner.id });
    expect(customer.status).toBe(400);
    expect((await customer.json()).error.fields).toEqual({ name: NAME_REFUSED });
    expect(await Customer.fromEmail(address)).toBeUndefined();
    const key = await post("/v1/api-keys", { name: bad, scopes: ["finance"] });
    expect(key.status).toBe(400);
    expect((await key.json()).error.fields).toEqual({ name: NAME_REFUSED });
  });

  it("refuses a name nobody can read (only joiners) or text that is not well-formed (a lone surrogate), naming it", async () => {
    for (const [bad, message] of [
      ["\u200D\u200C\u200D", "must contain a visible character"],
      ["Ana \uD800Lima", "must be well-formed text"],
    ]) {
      const rep = await post("/v1/reps", { name: bad, email: email("rep") });
      expect(rep.status, JSON.stringify(bad)).toBe(400);
      expect((await rep.json()).error.fields).toEqual({ name: message });
    }
  });

  it.each(Object.entries(OTHERS))("refuses a team, a company or a segment with %s, naming each field", async (_, bad) => {
    const rep = await post("/v1/reps", { name: "Ana Lima", email: email("rep"), team: bad });
    expect(rep.status).toBe(400);
    expect((await rep.json()).error.fields).toEqual({ team: LABEL_REFUSED });
    const owner = await aRep();
    const customer = await post("/v1/customers", { name: "Gina Linetti", email: email("customer"), company: bad, segment: bad, repId: owner.id });
    expect(customer.status).toBe(400);
    expect((await customer.json()).error.fields).toEqual({ company: LABEL_REFUSED, segment: LABEL_REFUSED });
  });

  it("keeps a label's line breaks and tabs (a CRM export's multi-line company): no label reaches a header", async () => {
    const owner = await aRep();
    const res = await post("/v1/customers", { name: "Eli Stone", email: email("customer"), company: "Stone & Sons\r\n\tBuilding Supplies", segment: "Enterprise,\nkey account", repId: owner.id });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ company: "Stone & Sons\r\n\tBuilding Supplies", segment: "Enterprise,\nkey account" });
  });

  it("refuses an import row whose name has a control character, on its line", async () => {
    const [rep, customer] = [email("rep"), email("customer")];
    const result = await Import.run(
      [
        { name: "reps.csv", text: `name,email\n"Rita\r\nBcc: spy@evil.example",${rep}\n` },
        { name: "customers.csv", text: `name,email,rep_email\nGina\u202ELinetti,${customer},${rep}\n` },
      ],
      { actor: { kind: "cli", id: "test" } },
    );
    expect(result.errors).toEqual([
      { file: "reps.csv", line: 2, field: "name", message: NAME_REFUSED },
      { file: "customers.csv", line: 2, field: "name", message: NAME_REFUSED },
    ]);
    expect(await Rep.fromEmail(rep)).toBeUndefined();
  });

  it("keeps names in any script, with accents, apostrophes and emoji", async () => {
    for (const name of ["Zoë O'Brien-Łukasik", "محمد عبد الله", "山田 太郎", "Ana 👩🏽‍💼 Lima"]) {
      const res = await post("/v1/reps", { name, email: email("rep") });
      expect(res.status, name).toBe(201);
      expect((await res.json()).name).toBe(name);
    }
  });
});
