// Section job-scale: the scheduled job (runDueJobs) with 1,000 and with 10,000 open follow-ups of which
// 100 are due: 50 overdue recovery cases to escalate (their managers are emailed through the SES
// emulator) and 50 missed touches to roll. The follow-up items are built by core (RecoveryCase.build,
// FollowUp.touchItems, FollowUp.createItems) and loaded with BatchWriteItem; the job runs for real.
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { configure } from "@rapport/core/config";
import { db, dynamo, ensureTable, resetClients, type TransactItem } from "@rapport/core/db/index";
import { Clock } from "@rapport/core/clock/index";
import { createId } from "@rapport/core/id";
import { Email } from "@rapport/core/email/index";
import { Rep } from "@rapport/core/rep/index";
import type { Customer } from "@rapport/core/customer/index";
import { FollowUp } from "@rapport/core/followup/index";
import { RecoveryCase } from "@rapport/core/followup/recovery-case";
import { periodOf } from "@rapport/core/period/index";
import { Survey } from "@rapport/core/survey/index";
import type { OnboardingInput } from "@rapport/core/survey/onboarding";
import { runDueJobs, type JobReport } from "@rapport/core/job/index";
import { batchPut } from "./bulk.ts";
import { recordPages, type Page } from "./query-pages.ts";
import { actor, countRequests, median, pool, RequestCounter, round, seconds, startLocal, storedEmailCount, timed, type Row } from "./harness.ts";

const SIZES = [1_000, 10_000] as const;
/** Trials per size (index into SIZES), each on a fresh table, in an ABBA order so drift falls on both sizes alike. */
const ORDER = [0, 1, 1, 0, 0, 1, 1, 0] as const;
/** Unrecorded trials first: DynamoDB Local's JVM and V8 take a few thousand requests to settle. */
const WARMUP = [0, 1] as const;
const DUE_ESCALATIONS = 50;
const DUE_ROLLS = 50;
const REPS = 100;
const MANAGERS = 10;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const zones = ["America/New_York", "Europe/Paris", "UTC", "Asia/Tokyo", "America/Los_Angeles"];
const hours = ["9-11", "after 4pm", "mornings", "14:00-16:00", undefined];
const channels = ["email", "phone", "text", "video"] as const;

function customerOf(i: number, rep: Rep): Customer {
  const at = new Date(0).toISOString();
  return {
    id: createId("customer"),
    name: `Customer ${i}`,
    email: `customer${i}.job@bench.example`,
    company: `Company ${i % 997}`,
    repId: rep.id,
    ...(i % 3 === 0 ? { valueTier: (["A", "B", "C"] as const)[i % 9 === 0 ? 0 : i % 2 ? 1 : 2] } : {}),
    createdAt: at,
    updatedAt: at,
    preferences: { ...prefsOf(i, "weekly"), updatedAt: at, invitationId: createId("invitation") },
  };
}

function prefsOf(i: number, cadence: OnboardingInput["cadence"]): OnboardingInput {
  const bestHours = hours[i % hours.length];
  return {
    channel: channels[i % channels.length]!,
    contact: `+1 555 01${String(i % 100).padStart(2, "0")}`,
    timezone: zones[i % zones.length]!,
    ...(bestHours ? { bestHours } : {}),
    cadence,
    responseTime: "24h",
  } as OnboardingInput;
}

interface Fixture {
  puts: Record<string, unknown>[];
  digests: TransactItem[];
  due: { escalate: number; roll: number };
}

/**
 * `open` follow-ups over `reps`, as core writes them: recovery cases (already notified, so their next
 * action is the escalation at dueAt) and recurring touches (next action: roll, one cadence after dueAt).
 * DUE_ESCALATIONS cases are past their dueAt and DUE_ROLLS touches past their roll time at `now`.
 */
async function buildFollowUps(open: number, reps: Rep[], now: Date): Promise<Fixture> {
  const future = open - DUE_ESCALATIONS - DUE_ROLLS;
  const futureCases = Math.floor(future / 2);
  type Spec = { kind: "recovery" | "touch"; due: boolean };
  const specs: Spec[] = [
    ...Array.from({ length: futureCases }, () => ({ kind: "recovery" as const, due: false })),
    ...Array.from({ length: future - futureCases }, () => ({ kind: "touch" as const, due: false })),
    ...Array.from({ length: DUE_ESCALATIONS }, () => ({ kind: "recovery" as const, due: true })),
    ...Array.from({ length: DUE_ROLLS }, () => ({ kind: "touch" as const, due: true })),
  ];
  const built = new Array<TransactItem[]>(specs.length);
  const survey = Survey.current();
  await pool(specs, 16, async (spec, i) => {
    const rep = reps[i % reps.length]!;
    const customer = customerOf(i, rep);
    if (spec.kind === "recovery") {
      // Opened 1–20 hours ago (due within 24 hours), or 30 hours ago and so 6 hours overdue.
      const at = new Date(now.getTime() - (spec.due ? 30 * HOUR + (i % 600) * 60_000 : HOUR + (i % 1140) * 60_000));
      const ratings: Record<string, number | "na"> = { listening: 2, follow_up: 3, proactive: 4, reachability: 1, advocacy: "na", customer_first: 3 };
      const recovery = await RecoveryCase.build({
        invitationId: createId("invitation", at.getTime()),
        behaviours: survey.behaviours,
        period: periodOf(at),
        ratings,
        improve: "Call back when you say you will.",
        contactOk: true,
        repScore: 13 / 5,
        customer,
        customerId: customer.id,
        customerName: customer.name,
        rep,
        repId: rep.id,
        repName: rep.name,
        at,
      });
      // The rep and the manager were told when it opened (announce's settle), so the job's next action is the escalation.
      const told = new Date(at.getTime() + 60_000).toISOString();
      built[i] = FollowUp.createItems({ ...recovery, repNotifiedAt: told, managerNotifiedAt: told });
    } else {
      // Answered onboarding 0–2 days ago (next touch days ahead), or 20 days ago at a weekly cadence (one missed).
      const cadence = spec.due ? "weekly" : (["weekly", "biweekly", "monthly"] as const)[i % 3]!;
      const at = new Date(now.getTime() - (spec.due ? 20 * DAY : (i % 3) * DAY + (i % 600) * 60_000));
      built[i] = FollowUp.touchItems(customer, rep, prefsOf(i, cadence), at);
    }
  });
  const puts = built.map((items) => items[0]!.Put!.Item as Record<string, unknown>);
  const digests = new Map<string, TransactItem>();
  for (const items of built) digests.set(String(items[1]!.Update!.Key!.pk), items[1]!);
  // The due index must say what this section claims: exactly the chosen items are due at `now`.
  const dueAt = (item: Record<string, unknown>) => String(item.gsi2sk ?? "~").split("#")[0]!;
  const dueNow = puts.filter((item) => dueAt(item) <= now.toISOString());
  const due = { escalate: dueNow.filter((item) => item.dueAction === "escalate").length, roll: dueNow.filter((item) => item.dueAction === "roll").length };
  if (due.escalate !== DUE_ESCALATIONS || due.roll !== DUE_ROLLS || puts.some((item) => item.status !== "open" || !item.gsi1pk || !item.gsi2pk)) {
    throw new Error(`the fixture is not as intended: ${JSON.stringify(due)} due of ${puts.length}`);
  }
  return { puts, digests: [...digests.values()], due };
}

interface Run {
  ms: number;
  report: JobReport;
  counts: Map<string, number>;
  opMs: Map<string, number>;
  ses: Map<string, number>;
  sesMs: number;
  emails: number | null;
  pages: Page[];
}

interface Trial {
  size: number;
  loadMs: number;
  first: Run;
  second: Run;
}

export async function jobScale(): Promise<Row[]> {
  const local = await startLocal("job-scale");
  const counter = new RequestCounter();
  const ses = new RequestCounter();
  const pages: Page[] = [];
  countRequests((await Email.ses()).middlewareStack, ses);
  // The job's `now`: today 12:00 UTC. Fixtures are written as of 11:00, so every rep's first digest
  // (08:00 UTC, config's time zone) falls tomorrow and no digest is due: the 100 due items are follow-ups.
  const today = new Date();
  const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12));
  const loadAt = new Date(now.getTime() - HOUR);

  /** A fresh table on the same engines (and a fresh client, counted), so each trial starts alike. */
  const freshTable = async (name: string) => {
    configure({ tableName: name });
    resetClients();
    await ensureTable(name);
    countRequests(dynamo().middlewareStack, counter);
    recordPages(dynamo().middlewareStack, pages);
  };

  const runJob = async (): Promise<Run> => {
    counter.reset();
    ses.reset();
    pages.length = 0;
    const { result: report, ms } = await timed(() => Clock.at(now, () => runDueJobs(now)));
    return {
      ms,
      report,
      counts: counter.snapshot(),
      opMs: new Map(counter.ms),
      ses: ses.snapshot(),
      sesMs: [...ses.ms.values()].reduce((a, b) => a + b, 0),
      emails: await storedEmailCount(),
      pages: [...pages],
    };
  };

  const trial = async (size: number, index: number): Promise<Trial> => {
    const name = `${local.tableName}_${index < 0 ? `w${-index}` : index}`;
    await freshTable(name);
    await fetch(`${local.sesEndpoint}/clear-store`, { method: "POST" });
    const load = await timed(() =>
      Clock.at(loadAt, async () => {
        const reps = new Array<Rep>(REPS);
        await pool(
          Array.from({ length: REPS }, (_, i) => i),
          8,
          async (i) => {
            reps[i] = await Rep.create({ name: `Job Rep ${i}`, email: `rep${i}.job@bench.example`, managerEmail: `manager${i % MANAGERS}.job@bench.example`, team: `Team ${(i % MANAGERS) + 1}` }, actor);
          },
        );
        const fixture = await buildFollowUps(size, reps, now);
        await batchPut(fixture.puts);
        // The rep's digest schedule that createItems adds to every follow-up's transaction: once per rep.
        await pool(fixture.digests, 8, async (item) => {
          await db().send(new UpdateCommand(item.Update!));
        });
        return fixture;
      }),
    );
    const first = await runJob();
    const second = await runJob();
    const r = first.report;
    if (r.escalated !== DUE_ESCALATIONS || r.touchesRolled !== DUE_ROLLS || r.errors || r.digests || r.managersNotified || r.due !== DUE_ESCALATIONS + DUE_ROLLS) {
      throw new Error(`the job did not do what was due: ${JSON.stringify(r)}`);
    }
    console.log(
      `${index < 0 ? `warm-up ${-index}` : `trial ${index}`}: ${size} open follow-ups (${load.result.puts.length} items, ${load.result.digests.length} digest schedules) loaded in ${seconds(load.ms)} s (not counted); job ${round(first.ms, 1)} ms, again ${round(second.ms, 1)} ms`,
    );
    await dynamo().send(new DeleteTableCommand({ TableName: name }));
    return { size, loadMs: load.ms, first, second };
  };

  try {
    for (const [k, sizeIndex] of WARMUP.entries()) await trial(SIZES[sizeIndex], -k - 1);
    const trials: Trial[] = [];
    for (const [k, sizeIndex] of ORDER.entries()) trials.push(await trial(SIZES[sizeIndex], k + 1));

    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    const byCommand = (runs: Run[]) => {
      const ops = [...new Set(runs.flatMap((run) => [...run.counts.keys()]))].sort();
      return ops.map((op) => `${op} ${median(runs.map((run) => run.counts.get(op) ?? 0))} (${round(median(runs.map((run) => run.opMs.get(op) ?? 0)), 1)} ms)`).join(", ") || "none";
    };
    const describePages = (list: Page[]) => list.map((p) => `${p.target}: ${p.items} items`).join("; ") || "no Query";
    const rows: Row[] = [];
    const medians = new Map<number, { ms: number; requests: number }>();
    for (const size of SIZES) {
      const mine = trials.filter((t) => t.size === size);
      for (const which of ["first", "second"] as const) {
        const runs = mine.map((t) => t[which]);
        const ms = runs.map((run) => run.ms);
        const requests = median(runs.map((run) => total(run.counts)));
        if (which === "first") medians.set(size, { ms: median(ms), requests });
        const sesCalls = median(runs.map((run) => total(run.ses)));
        rows.push({
          openFollowUps: size,
          run: which === "first" ? "runDueJobs(now)" : "again, same now",
          trials: runs.length,
          medianMs: round(median(ms), 1),
          minMs: round(Math.min(...ms), 1),
          maxMs: round(Math.max(...ms), 1),
          due: median(runs.map((run) => run.report.due)),
          escalated: median(runs.map((run) => run.report.escalated)),
          rolled: median(runs.map((run) => run.report.touchesRolled)),
          requests,
          byCommand: byCommand(runs),
          sesCalls,
          sesMs: round(median(runs.map((run) => run.sesMs)), 1),
          // Wall time outside DynamoDB and SES round trips (the loop is sequential, so this is the app's own work).
          appMs: round(median(runs.map((run) => run.ms - [...run.opMs.values()].reduce((a, b) => a + b, 0) - run.sesMs)), 1),
          emailsStored: which === "first" ? median(runs.map((run) => run.emails ?? NaN)) : null,
          queryPages: median(runs.map((run) => run.pages.length)),
          pass: null,
          note: `${describePages(runs.at(-1)!.pages)}; per trial ${ms.map((m) => round(m, 0)).join(", ")} ms${which === "first" ? `; ${round(median(ms) / (DUE_ESCALATIONS + DUE_ROLLS), 2)} ms per due item` : ""}`,
        });
      }
    }
    const small = medians.get(SIZES[0])!;
    const large = medians.get(SIZES[1])!;
    const timeRatio = round(large.ms / small.ms, 2);
    rows.push({
      run: "ratio 10k / 1k",
      medianMs: timeRatio,
      requests: round(large.requests / small.requests, 2),
      pass: timeRatio <= 1.5,
      note: `target: time(10k)/time(1k) ≤ 1.5 (medians ${round(large.ms, 1)} / ${round(small.ms, 1)} ms; requests ${large.requests} / ${small.requests})`,
    });
    const seconds2 = trials.map((t) => t.second);
    rows.push({
      run: "target: the second run does nothing",
      escalated: Math.max(...seconds2.map((run) => run.report.escalated)),
      rolled: Math.max(...seconds2.map((run) => run.report.touchesRolled)),
      requests: Math.max(...seconds2.map((run) => total(run.counts))),
      sesCalls: Math.max(...seconds2.map((run) => total(run.ses))),
      pass: seconds2.every((run) => run.report.escalated === 0 && run.report.touchesRolled === 0 && run.report.managersNotified === 0 && total(run.ses) === 0),
      note: "max over all trials: 0 escalations, 0 rolls, 0 emails; its requests are the due-index Query alone",
    });
    rows.push({
      run: "note: how the data was loaded",
      note: `${REPS} reps (with managers) via Rep.create; follow-ups built by RecoveryCase.build / touchItems / createItems and their Put items sent by BatchWriteItem (25 per call), each rep's digest-schedule Update once; customers are not written (the job does not read them). The job runs for real inside Clock.at(now).`,
    });
    return rows;
  } finally {
    await local.stop();
  }
}
