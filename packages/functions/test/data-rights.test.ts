import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { db, tableName, transact } from "@rapport/core/db/index";
import { BonusInputs } from "@rapport/core/bonus/index";
import { Concern } from "@rapport/core/concern/index";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { linkToken } from "@rapport/core/profile/link";
import { Suppression } from "@rapport/core/suppression/index";
import { suppressionKeys } from "@rapport/core/suppression/keys";
import { createApp } from "../src/api/app.ts";
import { aCustomer, answerCard, answerForm, aRep, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();
const cli = { kind: "cli", id: "test" } as const;
let admin: string;
let finance: string;

beforeAll(async () => {
  [admin, finance] = await Promise.all([bearer("admin"), bearer("finance")]);
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const post = (path: string, auth: string, body?: unknown) =>
  app.request(path, { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
const answer = (customerId: string, kind: "report-card" | "onboarding", body: unknown) => answerForm((path, init) => app.request(path, init), customerId, kind, body);
const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe("GET /v1/responses", () => {
  it("lists every response of the period with its ratings and comment, naming only the customer who shared their name, page by page", async () => {
    const rep = await aRep({ name: "Mara Quint" });
    const named = await aCustomer(rep.id, { name: "José Núñez" });
    const shy = await aCustomer(rep.id, { name: "Hidden Hildegard" });
    const namedInv = await answer(named.id, "report-card", { ratings: { listening: 5, follow_up: 4 }, improve: "=Call me first", shareName: true });
    const shyInv = await answer(shy.id, "report-card", { ratings: { listening: 3, follow_up: "na" }, improve: "Quicker quotes" });
    const period = periodOf(new Date());

    const page = await (await get(`/v1/responses?period=${period}&repId=${rep.id}`, { authorization: admin })).json();
    expect(page.nextCursor).toBeUndefined();
    const byId = new Map(page.items.map((r: { id: string }) => [r.id, r]));
    expect(byId.get(namedInv.id)).toMatchObject({ kind: "report-card", repId: rep.id, period, voided: false, ratings: { listening: 5, follow_up: 4 }, comment: "=Call me first", customer: { id: named.id, name: "José Núñez", email: named.email } });
    expect(byId.get(shyInv.id)).toMatchObject({ ratings: { listening: 3, follow_up: "na" }, comment: "Quicker quotes" });
    // Anonymous: no name, no email, and not even the id that would let someone look them up.
    expect(byId.get(shyInv.id)).not.toHaveProperty("customer");
    expect(JSON.stringify(page)).not.toContain(shy.id);
    expect(JSON.stringify(page)).not.toContain("Hildegard");

    // One at a time: the opaque cursor leads through both, then stops.
    const first = await (await get(`/v1/responses?period=${period}&repId=${rep.id}&limit=1`, { authorization: admin })).json();
    expect(first.items).toHaveLength(1);
    const second = await (await get(`/v1/responses?period=${period}&repId=${rep.id}&limit=1&cursor=${first.nextCursor}`, { authorization: admin })).json();
    expect([...first.items, ...second.items].map((r: { id: string }) => r.id).sort()).toEqual([namedInv.id, shyInv.id].sort());
    // The whole period (every rep) holds them too.
    const all = await (await get(`/v1/responses?period=${period}&limit=500`, { authorization: admin })).json();
    expect(all.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([namedInv.id, shyInv.id]));
  });

  it("streams a CSV that opens in Excel: byte-order mark, 'José Núñez' intact, a rating column per behaviour, the formula guard kept", async () => {
    const rep = await aRep({ name: "Olek Brandt" });
    const named = await aCustomer(rep.id, { name: "José Núñez" });
    const shy = await aCustomer(rep.id, { name: "Quiet Quentin" });
    const namedInv = await answer(named.id, "report-card", { ratings: { listening: 2, follow_up: 5 }, improve: "=HYPERLINK(\"http://x\")", shareName: true });
    const shyInv = await answer(shy.id, "report-card", { ratings: { listening: 4 }, improve: "Fine, thanks" });
    const period = periodOf(new Date());
    const res = await get(`/v1/responses?period=${period}&repId=${rep.id}`, { authorization: admin, accept: "text/csv" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toContain(`responses-${period}-${rep.id}.csv`);
    const bytes = await bytesOf(res);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual([
      "response_id", "kind", "rep_id", "period", "submitted_at", "revised_at", "survey_version", "voided", "customer_id", "customer_name", "customer_email",
      "rating_listening", "rating_follow_up", "rating_proactive", "rating_reachability", "rating_advocacy", "rating_customer_first", "comment",
    ]);
    const row = (id: string) => records.find((r) => r.response_id === id)!;
    expect(row(namedInv.id)).toMatchObject({ customer_id: named.id, customer_name: "José Núñez", customer_email: named.email, rating_listening: "2", rating_follow_up: "5", rating_proactive: "", comment: `'=HYPERLINK("http://x")` });
    expect(row(shyInv.id)).toMatchObject({ customer_id: "", customer_name: "", customer_email: "", rating_listening: "4", comment: "Fine, thanks" });
  });

  it("is for admin keys only, 404 for an unknown rep and 400 for a cursor it did not give out", async () => {
    const period = periodOf(new Date());
    expect((await get(`/v1/responses?period=${period}`, { authorization: finance })).status).toBe(403);
    expect((await get(`/v1/responses?period=${period}&repId=rep_01JH5Z00000000000000000000`, { authorization: admin })).status).toBe(404);
    const bad = await get(`/v1/responses?period=${period}&cursor=bm90IGEgY3Vyc29y`, { authorization: admin });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty("cursor");
    expect((await get(`/v1/responses?period=Q4`, { authorization: admin })).status).toBe(400);
    // A cursor is good for the listing that gave it out only, and a forged start key is refused as a bad cursor.
    const rep = await aRep();
    await answerCard((path, init) => app.request(path, init), rep.id, { listening: 4, followUp: 3 });
    await answerCard((path, init) => app.request(path, init), rep.id, { listening: 5, followUp: 5 });
    const { nextCursor } = await (await get(`/v1/responses?period=${period}&repId=${rep.id}&limit=1`, { authorization: admin })).json();
    expect((await get(`/v1/responses?period=${period}&limit=1&cursor=${nextCursor}`, { authorization: admin })).status).toBe(400);
    const position = JSON.parse(Buffer.from(nextCursor, "base64url").toString("utf8"));
    const forged = Buffer.from(JSON.stringify({ ...position, key: Buffer.from(JSON.stringify({ pk: "REP#x#RSP", sk: "zzz" })).toString("base64url") })).toString("base64url");
    const refused = await get(`/v1/responses?period=${period}&repId=${rep.id}&cursor=${forged}`, { authorization: admin });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe("invalid_cursor");
  });

  it("serves the bonus inputs CSV with the byte-order mark too, an accented rep name intact", async () => {
    const rep = await aRep({ name: "Zoë Ångström" });
    await answerCard((path, init) => app.request(path, init), rep.id, { listening: 4, followUp: 4 });
    const res = await get(`/v1/bonus-inputs?period=${periodOf(new Date())}`, { authorization: finance, accept: "text/csv" });
    const bytes = await bytesOf(res);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { columns: true, bom: true }) as Record<string, string>[];
    expect(records.find((r) => r.rep_id === rep.id)?.rep_name).toBe("Zoë Ångström");
  });
});

/** What one customer told us and what was written about them; each test's customer has their own words. */
interface Words {
  first: string;
  last: string;
  company: string;
  phone: string;
  comment: string;
  aboutMe: string;
  interests: string;
  note: string;
  concern: string;
}

const ximena: Words = { first: "Ximena", last: "Ødegaard", company: "Tlaloc Freight", phone: "+34600765431", comment: "Answer my emails, Ximena asks", aboutMe: "I breed Andalusian horses", interests: "Beekeeping", note: "Met at the Bilbao expo", concern: "The Tlaloc delivery was late" };
const gwendolyn: Words = { first: "Gwendolyn", last: "Árvíztűrő", company: "Quetzalcoatl Logistics", phone: "+34600123457", comment: "Gwendolyn here: ring before noon", aboutMe: "I restore vintage Vespas", interests: "Flamenco guitar", note: "Met at the Vigo trade fair", concern: "The Quetzalcoatl invoice was wrong" };

/** A customer with one of everything: onboarding answers, a poor named card (a recovery case), a rep's note, a concern, an unsubscribe. */
async function aCustomerWithHistory(words: Words) {
  const manager = email("manager");
  const rep = await aRep({ name: "Priya Raman", managerEmail: manager, team: "Rights" });
  const customer = await aCustomer(rep.id, { name: `${words.first} ${words.last}`, company: words.company });
  await answer(customer.id, "onboarding", { channel: "phone", contact: words.phone, timezone: "Europe/Madrid", cadence: "monthly", responseTime: "4h", personalInterests: words.interests });
  const card = await answer(customer.id, "report-card", {
    ratings: { listening: 1, follow_up: 2, proactive: 4, reachability: 5, advocacy: 3, customer_first: 4 },
    improve: words.comment,
    aboutMe: words.aboutMe,
    shareName: true,
    contactOk: true,
  });
  const repCookie = await sessionCookie(rep.email);
  const note = await app.request(`/v1/customers/${customer.id}/notes`, { method: "POST", headers: { cookie: repCookie, "content-type": "application/json" }, body: JSON.stringify({ text: words.note }) });
  expect(note.status).toBe(201);
  const concern = await app.request(`/c/${Concern.token(customer.id)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ what: words.concern, urgency: "this-week", reply: "contact" }) });
  expect(concern.status).toBe(201);
  // An email to them carried the unsubscribe link (as every email does), and they used it.
  await transact([Suppression.tokenItem(customer.email)]);
  expect((await app.request(`/u/${Suppression.unsubscribeToken(customer.email)}`, { method: "POST", headers: { "content-type": "application/json" } })).status).toBe(200);
  return { manager, rep, customer, card, repCookie };
}

describe("a customer's data on request", () => {
  it("exports everything stored about the customer, each kind of item", async () => {
    const { customer, card, rep } = await aCustomerWithHistory(ximena);
    // The CRM reports a deal won with them (recorded; nothing is sent, they unsubscribed).
    const won = await app.request("/v1/events/deal-won", {
      method: "POST",
      headers: { authorization: await bearer("events:write"), "content-type": "application/json" },
      body: JSON.stringify({ customer: { email: customer.email, name: "Ximena Ødegaard" }, repEmail: rep.email, dealId: `rights-${customer.id}`, wonAt: new Date().toISOString() }),
    });
    expect(await won.json()).toMatchObject({ customerId: customer.id, status: "suppressed" });
    const res = await get(`/v1/customers/${customer.id}/export`, { authorization: admin });
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.customer).toMatchObject({ id: customer.id, name: "Ximena Ødegaard", email: customer.email, company: ximena.company });
    expect(data.onboardingAnswers[0]).toMatchObject({ contact: ximena.phone, personalInterests: ximena.interests });
    expect(data.profile.shared.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(["personalInterests", "aboutMe"]));
    expect(data.profile.notes).toEqual([expect.objectContaining({ text: ximena.note })]);
    expect(data.invitations.map((i: { kind: string; status: string }) => [i.kind, i.status])).toEqual(expect.arrayContaining([["onboarding", "answered"], ["report-card", "answered"]]));
    expect(data.invitations.find((i: { id: string }) => i.id === card.id)).toMatchObject({ createdAt: expect.any(String), answeredAt: expect.any(String), answers: expect.objectContaining({ aboutMe: ximena.aboutMe }) });
    expect(data.responses).toEqual([expect.objectContaining({ invitationId: card.id, ratings: expect.objectContaining({ listening: 1 }), improve: ximena.comment })]);
    expect(data.followUps.map((f: { source?: string; kind: string }) => f.source ?? f.kind)).toEqual(expect.arrayContaining(["recovery", "concern", "touch"]));
    expect(data.followUps.find((f: { source?: string }) => f.source === "concern")).toMatchObject({ comment: ximena.concern });
    expect(data.emailing).toMatchObject({ suppressed: true, reason: "unsubscribe" });
    expect(data.deals).toEqual([expect.objectContaining({ kind: "won", dealId: `rights-${customer.id}`, customerId: customer.id })]);
    expect(data.audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["customer.create", "invitation.create", "suppression.unsubscribe"]));
    expect((await get(`/v1/customers/cus_01JH5Z00000000000000000000/export`, { authorization: admin })).status).toBe(404);
    expect((await get(`/v1/customers/${customer.id}/export`, { authorization: finance })).status).toBe(403);
  }, 90_000);
});

describe("erasing a customer", () => {
  it("leaves their name, address and words in no API answer, page or CSV; keeps every number and the closed period's hash; and never emails them again", async () => {
    const { manager, rep, customer, card, repCookie } = await aCustomerWithHistory(gwendolyn);
    const period = periodOf(new Date());
    const oldToken = Invitation.tokenOf(card.id);
    const unsubscribe = Suppression.unsubscribeToken(customer.email);
    expect((await post(`/v1/periods/${period}/close`, finance, { force: true, reason: "Erasure test" })).status).toBe(200);
    const bonus = async () => ({
      json: await (await get(`/v1/bonus-inputs?period=${period}`, { authorization: finance })).json(),
      csv: await bytesOf(await get(`/v1/bonus-inputs?period=${period}`, { authorization: finance, accept: "text/csv" })),
    });
    const before = await bonus();
    expect(before.json.locked).toBe(true);

    const erased = await post(`/v1/customers/${customer.id}/erase`, admin);
    expect(erased.status).toBe(200);
    const { erasedAt } = await erased.json();
    // Idempotent: a second call answers the same erasure.
    expect(await (await post(`/v1/customers/${customer.id}/erase`, admin)).json()).toMatchObject({ customerId: customer.id, erasedAt });

    // Money: the bonus inputs are the same numbers, byte for byte, and the snapshot's hash still verifies.
    const after = await bonus();
    expect(after.json).toEqual(before.json);
    expect(after.csv.equals(before.csv)).toBe(true);
    expect(BonusInputs.hashRows(after.json.rows)).toBe(after.json.snapshot.sha256);

    const managerCookie = await sessionCookie(manager);
    const text = async (path: string, headers: Record<string, string>) => (await get(path, headers)).text();
    const surfaces: Record<string, string> = {
      "customers list": await text(`/v1/customers?repId=${rep.id}`, { authorization: admin }),
      "customer resource": await text(`/v1/customers/${customer.id}`, { authorization: admin }),
      "customers found by the old name": await text(`/v1/customers?q=${encodeURIComponent(gwendolyn.first)}`, { authorization: admin }),
      "profile API": await text(`/v1/customers/${customer.id}/profile`, { authorization: admin }),
      "export": await text(`/v1/customers/${customer.id}/export`, { authorization: admin }),
      "responses JSON": await text(`/v1/responses?period=${period}`, { authorization: admin }),
      "responses CSV": await text(`/v1/responses?period=${period}`, { authorization: admin, accept: "text/csv" }),
      "follow-ups API": await text(`/v1/follow-ups?repId=${rep.id}`, { authorization: admin }),
      "rep's follow-ups": await text("/v1/follow-ups", { cookie: repCookie }),
      "audit of the customer": await text(`/v1/audit?entityId=${customer.id}`, { authorization: admin }),
      "audit of the month": await text(`/v1/audit?month=${new Date().toISOString().slice(0, 7)}`, { authorization: admin }),
      "bonus CSV": after.csv.toString("utf8"),
      "rep dashboard": await text("/dashboard", { cookie: repCookie }),
      "secrets manual page": await text(`/dashboard/customers/${customer.id}`, { cookie: repCookie }),
      "manager dashboard": await text("/dashboard", { cookie: managerCookie }),
      "manager's view of the rep": await text(`/dashboard/reps/${rep.id}`, { cookie: managerCookie }),
      "old form link": await text(`/s/${oldToken}`, {}),
      "profile link": await text(`/p/${linkToken(customer.id)}`, {}),
      "unsubscribe link": await text(`/u/${unsubscribe}`, {}),
    };
    expect(surfaces["customers list"]).toContain("Erased customer");
    const needles: [string, string][] = [
      ["first name", gwendolyn.first],
      ["last name", gwendolyn.last],
      ["email address", customer.email],
      ["company", gwendolyn.company],
      ["phone", gwendolyn.phone.slice(3)],
      ...(["comment", "aboutMe", "interests", "note", "concern"] as const).map((k): [string, string] => [k, gwendolyn[k]]),
    ];
    for (const [surface, body] of Object.entries(surfaces)) {
      for (const [what, needle] of needles) expect(body.toLowerCase().includes(needle.toLowerCase()), `${what} in ${surface}`).toBe(false);
    }
    // Their ratings are still there, unnamed of anything but the tombstone.
    const responses = await (await get(`/v1/responses?period=${period}&repId=${rep.id}`, { authorization: admin })).json();
    expect(responses.items.find((r: { id: string }) => r.id === card.id)).toMatchObject({ ratings: { listening: 1, follow_up: 2 }, customer: { name: "Erased customer", email: `erased+${customer.id}@erased.invalid` } });

    // Nobody edits the tombstone back into a person, and an ETag read before the erasure no longer matches.
    const edit = await app.request(`/v1/customers/${customer.id}`, { method: "PATCH", headers: { authorization: admin, "content-type": "application/json" }, body: JSON.stringify({ name: gwendolyn.first }) });
    expect(edit.status).toBe(409);
    expect((await edit.json()).error.code).toBe("customer_erased");

    // Never emailed again: not the record, and not a new customer made later with their old address.
    expect(await Invitation.create({ customerId: customer.id, kind: "onboarding" }, cli)).toEqual({ skipped: "suppressed" });
    const again = await aCustomer(rep.id, { email: customer.email, name: "Someone New" });
    expect(await Invitation.create({ customerId: again.id, kind: "onboarding" }, cli)).toEqual({ skipped: "suppressed" });
    // The address is kept only as its hash: no item holds it in clear.
    const plain = await db().send(new GetCommand({ TableName: tableName(), Key: suppressionKeys.address(customer.email) }));
    expect(plain.Item).toBeUndefined();
  }, 90_000);

  it("finishes on a second call what a call that crashed part way left, and audits the erasure once", async () => {
    const ffion: Words = { first: "Ffion", last: "Llewellyn", company: "Dragonfly Dairies", phone: "+34600555019", comment: "Ffion says: fewer calls", aboutMe: "I sing in a male voice choir", interests: "Rugby", note: "Met at the Cardiff show", concern: "The Dragonfly order was short" };
    const { customer } = await aCustomerWithHistory(ffion);
    // The erasure's last transaction (the customer record, the address, the audit entry) never arrives: the function died first.
    const client = db();
    const send = client.send.bind(client);
    const mock = mockClient(client);
    mock.send.callThrough();
    mock.on(TransactWriteCommand).callsFake(async (input: TransactWriteCommandInput) => {
      if (input.TransactItems!.some((item) => item.Put?.Item?.action === "customer.erase")) throw new Error("Task timed out after 29.00 seconds");
      return send(new TransactWriteCommand(input));
    });
    try {
      expect((await post(`/v1/customers/${customer.id}/erase`, admin)).status).toBe(500);
    } finally {
      mock.restore();
    }
    const retried = await post(`/v1/customers/${customer.id}/erase`, admin);
    expect(retried.status).toBe(200);
    const data = await (await get(`/v1/customers/${customer.id}/export`, { authorization: admin })).json();
    expect(data.customer).toMatchObject({ name: "Erased customer", email: `erased+${customer.id}@erased.invalid`, erasedAt: (await retried.json()).erasedAt });
    const text = JSON.stringify(data).toLowerCase();
    for (const word of [ffion.first, ffion.last, ffion.company, customer.email, ffion.comment, ffion.aboutMe, ffion.interests, ffion.note, ffion.concern]) expect(text, word).not.toContain(word.toLowerCase());
    expect(data.audit.filter((e: { action: string }) => e.action === "customer.erase")).toHaveLength(1);
  }, 90_000);
});
