import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Audit } from "@rapport/core/audit/index";
import { Customer } from "@rapport/core/customer/index";
import { queryAll } from "@rapport/core/db/index";
import { writeChunk, type ImportChunk } from "@rapport/core/import/chunk";
import { ImportJobs, type ImportJob } from "@rapport/core/import/job";
import { requeue } from "@rapport/core/import/requeue";
import { WorkBusy } from "@rapport/core/campaign/busy";
import type { StreamWorker } from "@rapport/local/stream";
import { aRep, email } from "../../../test/support/fixtures.ts";
import { campaignWorker } from "../../../test/support/campaigns.ts";

const admin = { kind: "user", id: "importer@example.com" } as const;
let worker: StreamWorker | undefined;

beforeAll(async () => {
  worker = await campaignWorker();
});
afterAll(async () => {
  await worker?.stop();
});

/** A customers file of `count` rows for `repEmail`; `bad` rows (by index) get an email that is not one. */
function customersCsv(repEmail: string, count: number, tag: string, bad: number[] = []) {
  const rows = Array.from({ length: count }, (_, i) => `Customer ${tag} ${i},${bad.includes(i) ? "not-an-email" : `c${i}.${tag}@customers.example`},Acme,${repEmail},B`);
  return { name: `${tag}.csv`, text: ["name,email,company,rep_email,value_tier", ...rows].join("\n") };
}

async function finishedJob(id: string, timeoutMs = 30_000): Promise<ImportJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await ImportJobs.get(id);
    if (ImportJobs.statusOf(job) === "done" && job.finishedAt) return job;
    if (Date.now() > deadline) throw new Error(`import ${id} not done: ${JSON.stringify(job)}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

describe("an import job", () => {
  it("reports every bad row with its line and column and imports none of the file", async () => {
    const rep = await aRep();
    const tag = `bad${Date.now().toString(36)}`;
    const started = await ImportJobs.start(customersCsv(rep.email, 10, tag, [2, 7]), admin);
    // Rows 2 and 7 of the list are lines 4 and 9 (the header is line 1).
    expect(started).toEqual({
      errors: [
        { file: `${tag}.csv`, line: 4, field: "email", message: "must be an email address" },
        { file: `${tag}.csv`, line: 9, field: "email", message: "must be an email address" },
      ],
    });
    expect(await Customer.fromEmail(`c0.${tag}@customers.example`)).toBeUndefined();
  });

  it("writes a file of several chunks in the background, audited as the admin, and counts a chunk delivered twice once", async () => {
    const rep = await aRep();
    const tag = `ok${Date.now().toString(36)}`;
    const started = await ImportJobs.start(customersCsv(rep.email, 250, tag), admin);
    if (!("job" in started)) throw new Error(JSON.stringify(started));
    // 250 rows at 100 a chunk: 3 chunks, the last of 50.
    expect(started.job).toMatchObject({ kind: "customers", rows: 250, chunks: 3, processed: 0 });
    const job = await finishedJob(started.job.id);
    expect(job).toMatchObject({ rows: 250, processed: 250, created: 250, updated: 0, unchanged: 0, failed: 0, errors: [] });
    expect(job.finishedAt).toBeDefined();
    const customer = await Customer.fromEmail(`c249.${tag}@customers.example`);
    expect(customer).toMatchObject({ name: `Customer ${tag} 249`, repId: rep.id, company: "Acme", valueTier: "B" });
    expect((await Audit.forEntity(customer!.id)).items.map((e) => [e.action, e.actor.id])).toEqual([["customer.create", admin.id]]);
    expect((await Audit.forEntity(job.id)).items.map((e) => [e.action, e.actor.id, e.detail])).toEqual([["import.start", admin.id, { kind: "customers", rows: 250 }]]);

    // The stream delivers the first chunk again: its rows are found unchanged and it is not counted twice.
    const [first] = await queryAll<ImportChunk & Record<string, unknown>>({ KeyConditionExpression: "pk = :pk AND sk = :sk", ExpressionAttributeValues: { ":pk": `IMPORT#${job.id}`, ":sk": "CHUNK#00000" } });
    // Once counted, a chunk keeps no rows: the customers' names and addresses are in their records only.
    expect(first).toMatchObject({ countedAt: expect.any(String) });
    expect(first).not.toHaveProperty("rows");
    await writeChunk(first!);
    expect(await ImportJobs.get(job.id)).toMatchObject({ processed: 250, created: 250, unchanged: 0 });
  });

  it("lets one delivery of a chunk write it at a time: a second one at once is answered busy and comes again", async () => {
    const rep = await aRep();
    const tag = `twice${Date.now().toString(36)}`;
    await worker?.stop();
    worker = undefined;
    const started = await ImportJobs.start(customersCsv(rep.email, 40, tag), admin);
    if (!("job" in started)) throw new Error(JSON.stringify(started));
    const [chunk] = await queryAll<ImportChunk & Record<string, unknown>>({ KeyConditionExpression: "pk = :pk AND sk = :sk", ExpressionAttributeValues: { ":pk": `IMPORT#${started.job.id}`, ":sk": "CHUNK#00000" } });
    const [one, two] = await Promise.allSettled([writeChunk(chunk!), writeChunk(chunk!)]);
    expect([one.status, two.status].sort()).toEqual(["fulfilled", "rejected"]);
    expect(((one.status === "rejected" ? one : two) as PromiseRejectedResult).reason).toBeInstanceOf(WorkBusy);
    expect(await ImportJobs.get(started.job.id)).toMatchObject({ processed: 40, created: 40, unchanged: 0, failed: 0, finishedAt: expect.any(String) });
    // The busy one, delivered again, finds the chunk counted and does nothing.
    await writeChunk(chunk!);
    expect(await ImportJobs.get(started.job.id)).toMatchObject({ processed: 40, created: 40, unchanged: 0, failed: 0 });
    worker = await campaignWorker();
  });

  it("records a row the write refuses in the job's report and goes on with the rest", async () => {
    const rep = await aRep();
    const tag = `gone${Date.now().toString(36)}`;
    const other = await aRep({ email: email("other") });
    const file = customersCsv(rep.email, 3, tag);
    file.text += `\nLate customer,late.${tag}@customers.example,Acme,${other.email},A`;
    await worker?.stop();
    worker = undefined;
    const started = await ImportJobs.start(file, admin);
    if (!("job" in started)) throw new Error(JSON.stringify(started));
    // The rep of line 5 leaves (their email changes) between the upload and the write.
    const { patch } = await import("@rapport/core/rep/update");
    await patch(other.id, { email: email("moved") }, admin);
    worker = await campaignWorker();
    const job = await finishedJob(started.job.id);
    expect(job).toMatchObject({ processed: 4, created: 3, failed: 1, errors: [{ file: `${tag}.csv`, line: 5, field: "rep_email", message: "no rep has this email any more" }] });
  });

  it("gives the chunks not yet written to the worker again, and still writes and counts each row once", async () => {
    const rep = await aRep();
    const tag = `again${Date.now().toString(36)}`;
    await worker?.stop();
    worker = undefined;
    const started = await ImportJobs.start(customersCsv(rep.email, 150, tag), admin);
    if (!("job" in started)) throw new Error(JSON.stringify(started));
    // Both chunks are put on the stream a second time before the worker has read the first records.
    expect(await requeue(started.job.id, admin)).toBe(2);
    worker = await campaignWorker();
    const job = await finishedJob(started.job.id);
    await worker.drained();
    expect(await ImportJobs.get(job.id)).toMatchObject({ rows: 150, processed: 150, created: 150, updated: 0, unchanged: 0, failed: 0 });
    expect((await Audit.forEntity(job.id)).items.map((e) => e.action).sort()).toEqual(["import.requeue", "import.start"]);
    // Once everything is written there is nothing left to give again.
    expect(await requeue(job.id, admin)).toBe(0);
    // 300 row writes on a loaded machine: room beyond the job's own 30 s deadline, so that deadline's message is the one seen.
  }, 60_000);
});
