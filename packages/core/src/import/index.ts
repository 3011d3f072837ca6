import * as v from "valibot";
import type { Actor } from "../audit/index.ts";
import { Customer, CustomerSchema, type CustomerInput } from "../customer/index.ts";
import { EmailSchema } from "../fields.ts";
import { Rep, RepSchema, type RepInput } from "../rep/index.ts";
import { parseCsv, type CsvRecord } from "./csv.ts";
import { attempt, eachLimited } from "./each.ts";

/** What a file holds: reps or customers (told apart by its header). */
export const ImportKindSchema = v.picklist(["reps", "customers"]);
export type ImportKind = v.InferOutput<typeof ImportKindSchema>;

/** A CSV file to import: `name` is how errors refer to it (the path the user gave). */
export interface ImportFile {
  name: string;
  text: string;
}

/** One problem with one row (or with the header, line 1), named by the CSV column it is in. */
export const ImportErrorSchema = v.object({
  file: v.string(),
  /** The physical line the row starts on; the header is line 1. */
  line: v.number(),
  /** The CSV column, or "" when the problem is with the row or the file as a whole. */
  field: v.string(),
  message: v.string(),
});
export type ImportError = v.InferOutput<typeof ImportErrorSchema>;

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  files: { file: string; kind: ImportKind; rows: number }[];
  reps: ImportCounts;
  customers: ImportCounts;
  /**
   * Every bad row. Found while validating, nothing was written; the only errors the write phase
   * adds are rows that lost a race with a concurrent change (the rest of the import is written).
   */
  errors: ImportError[];
  /** Whether the write phase ran (false on errors and on a dry run). */
  written: boolean;
}

export interface ImportOptions {
  actor: Actor;
  /** Entities written at the same time (default 8). */
  concurrency?: number;
  /** Validate only; write nothing. */
  dryRun?: boolean;
  /** Called as each entity is written: `done` of `total` of `kind` (reps first, then customers). */
  onProgress?: (done: number, total: number, kind: ImportKind) => void;
}

/** CSV column → the API field it fills, per kind; headers match case-insensitively, ignoring spaces, `-` and `_`. */
export const columns = {
  reps: { name: "name", email: "email", manager_email: "managerEmail", team: "team", timezone: "timezone" },
  customers: { name: "name", email: "email", company: "company", rep_email: "repEmail", segment: "segment", value_tier: "valueTier" },
} as const satisfies Record<ImportKind, Record<string, string>>;

const required: Record<ImportKind, string[]> = { reps: ["name", "email"], customers: ["name", "email", "rep_email"] };

const UNKNOWN_REP = "no rep has this email, in this import or in the database";

/**
 * A customers.csv row: the API's CustomerSchema with the owning rep named by email instead of
 * id, and that email must belong to a rep (`repExists` decides: the same import or the database).
 */
export function customerRowSchema(repExists: (email: string) => Promise<boolean>) {
  return v.objectAsync({
    ...v.omit(CustomerSchema, ["repId"]).entries,
    repEmail: v.pipeAsync(EmailSchema, v.checkAsync(repExists, UNKNOWN_REP)),
  });
}
export type CustomerRowOutput = v.InferOutput<ReturnType<typeof customerRowSchema>>;

interface Row<T> {
  line: number;
  value: T;
}

interface Sheet {
  file: string;
  kind: ImportKind;
  header: string[];
  records: CsvRecord[];
}

/** Every row of the files read and validated, in order: what `run` (and an import job) writes when `errors` is empty. */
interface Prepared {
  sheets: Sheet[];
  reps: Row<RepInput>[];
  customers: Row<CustomerRowOutput>[];
  /** Every bad row (and header), by file then line. */
  errors: ImportError[];
  /** The rep of an email in the database (read once per email). */
  fromDatabase: (email: string) => Promise<Rep | undefined>;
}

/**
 * Reads and validates every row of the files (either file alone, told apart by their headers) with the
 * API's schemas, writing nothing: a customer's rep must be in the reps file or the database.
 */
export async function prepare(files: ImportFile[], concurrency = 8): Promise<Prepared> {
  const errors: ImportError[] = [];
  const sheets = readSheets(files, errors);
  const repSheet = sheets.find((s) => s.kind === "reps");
  const customerSheet = sheets.find((s) => s.kind === "customers");
  const reps = repSheet ? validateReps(repSheet, errors) : [];
  const repsInFile = new Set(repSheet ? emailsOf(repSheet) : []);
  const known = new Map<string, Promise<Rep | undefined>>();
  const fromDatabase = (email: string) => {
    let found = known.get(email);
    if (!found) known.set(email, (found = Rep.fromEmail(email)));
    return found;
  };
  const customers = customerSheet
    ? await validateCustomers(customerSheet, errors, concurrency, async (email) => repsInFile.has(email) || Boolean(await fromDatabase(email)))
    : [];
  errors.sort((x, y) => files.findIndex((f) => f.name === x.file) - files.findIndex((f) => f.name === y.file) || x.line - y.line);
  return { sheets, reps, customers, errors, fromDatabase };
}

/**
 * Imports reps and customers from CSV. Every row is validated first (`prepare`); if any is bad nothing is
 * written. Then reps, then customers, are upserted by email, each in its own transaction with its audit
 * entry, so a re-run updates rather than duplicates.
 */
export async function run(files: ImportFile[], options: ImportOptions): Promise<ImportResult> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const { sheets, reps, customers, errors, fromDatabase } = await prepare(files, concurrency);
  const repSheet = sheets.find((s) => s.kind === "reps");
  const customerSheet = sheets.find((s) => s.kind === "customers");
  const inOrder = () =>
    errors.sort((a, b) => files.findIndex((f) => f.name === a.file) - files.findIndex((f) => f.name === b.file) || a.line - b.line);
  const result: ImportResult = {
    files: sheets.map((s) => ({ file: s.file, kind: s.kind, rows: s.records.length })),
    reps: { created: 0, updated: 0, unchanged: 0 },
    customers: { created: 0, updated: 0, unchanged: 0 },
    errors,
    written: false,
  };
  if (errors.length > 0 || options.dryRun) return result;

  const repIds = new Map<string, string>();
  let done = 0;
  if (reps.length > 0) options.onProgress?.(0, reps.length, "reps");
  await eachLimited(reps, concurrency, async ({ line, value }) => {
    const upserted = await attempt(repSheet!.file, line, () => Rep.upsertByEmail(value, options.actor), errors);
    if (upserted) {
      repIds.set(upserted.rep.email, upserted.rep.id);
      result.reps[upserted.outcome] += 1;
    }
    options.onProgress?.(++done, reps.length, "reps");
  });

  done = 0;
  if (customers.length > 0) options.onProgress?.(0, customers.length, "customers");
  await eachLimited(customers, concurrency, async ({ line, value: { repEmail, ...rest } }) => {
    const repId = repIds.get(repEmail) ?? (await fromDatabase(repEmail))?.id;
    if (!repId) {
      errors.push({ file: customerSheet!.file, line, field: "rep_email", message: "its rep could not be written" });
    } else {
      const input: CustomerInput = { ...rest, repId };
      const upserted = await attempt(customerSheet!.file, line, () => Customer.upsertByEmail(input, options.actor), errors);
      if (upserted) result.customers[upserted.outcome] += 1;
    }
    options.onProgress?.(++done, customers.length, "customers");
  });
  inOrder();
  result.written = true;
  return result;
}

/** Parses each file and tells reps from customers by the header; header problems are line-1 errors. */
function readSheets(files: ImportFile[], errors: ImportError[]): Sheet[] {
  const sheets: Sheet[] = [];
  for (const { name: file, text } of files) {
    const parsed = parseCsv(text);
    if (!parsed.ok) {
      errors.push({ file, line: parsed.line, field: "", message: parsed.message });
      continue;
    }
    const [head, ...records] = parsed.records;
    if (!head) {
      errors.push({ file, line: 1, field: "", message: "the file is empty; it needs a header row" });
      continue;
    }
    const keys = head.cells.map(headerKey);
    const kind: ImportKind = keys.some((k) => ["repemail", "company", "segment", "valuetier"].includes(k)) ? "customers" : "reps";
    if (sheets.some((s) => s.kind === kind)) {
      errors.push({ file, line: head.line, field: "", message: `is a second ${kind} file; give at most one reps file and one customers file` });
      continue;
    }
    const known = Object.keys(columns[kind]);
    const header: string[] = [];
    let good = true;
    keys.forEach((key, i) => {
      const column = known.find((c) => headerKey(c) === key);
      const raw = head.cells[i]?.trim() ?? "";
      if (!column) {
        good = false;
        errors.push({ file, line: head.line, field: raw, message: `is not a ${kind} column (expected ${known.join(", ")})` });
      } else if (header.includes(column)) {
        good = false;
        errors.push({ file, line: head.line, field: column, message: "appears twice in the header" });
      }
      header.push(column ?? raw);
    });
    for (const column of required[kind]) {
      if (!header.includes(column)) {
        good = false;
        errors.push({ file, line: head.line, field: column, message: "column is missing from the header" });
      }
    }
    // A broken header would make every row wrong; report the header alone.
    if (good) sheets.push({ file, kind, header, records });
  }
  return sheets;
}

function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[\s_-]+/g, "");
}

/** The row as the API input it stands for: trimmed cells, blank optional cells left out. */
function toInput(sheet: Sheet, record: CsvRecord, errors: ImportError[]): Record<string, string> | undefined {
  if (record.cells.length !== sheet.header.length) {
    errors.push({
      file: sheet.file,
      line: record.line,
      field: "",
      message: `has ${record.cells.length} values but the header has ${sheet.header.length} columns`,
    });
    return undefined;
  }
  const fields = columns[sheet.kind] as Record<string, string>;
  const input: Record<string, string> = {};
  sheet.header.forEach((column, i) => {
    const cell = record.cells[i]!.trim();
    if (cell !== "" || required[sheet.kind].includes(column)) input[fields[column]!] = cell;
  });
  return input;
}

function report(sheet: Sheet, line: number, issues: v.BaseIssue<unknown>[], errors: ImportError[]): void {
  const fields = columns[sheet.kind] as Record<string, string>;
  const found = new Map<string, string>();
  for (const issue of issues) {
    const key = String(issue.path?.[0]?.key ?? "");
    const field = Object.keys(fields).find((column) => fields[column] === key) ?? key;
    // The first problem with a cell is the one worth fixing.
    if (!found.has(field)) found.set(field, issue.message);
  }
  const order = (field: string) => sheet.header.indexOf(field);
  for (const [field, message] of [...found].sort(([a], [b]) => order(a) - order(b))) {
    errors.push({ file: sheet.file, line, field, message });
  }
}

function validateReps(sheet: Sheet, errors: ImportError[]): Row<RepInput>[] {
  const rows: Row<RepInput>[] = [];
  for (const record of sheet.records) {
    const input = toInput(sheet, record, errors);
    if (!input) continue;
    const parsed = v.safeParse(RepSchema, input);
    if (parsed.success) rows.push({ line: record.line, value: parsed.output });
    else report(sheet, record.line, parsed.issues, errors);
  }
  return unique(sheet, rows, errors);
}

async function validateCustomers(
  sheet: Sheet,
  errors: ImportError[],
  concurrency: number,
  repExists: (email: string) => Promise<boolean>,
): Promise<Row<CustomerRowOutput>[]> {
  const schema = customerRowSchema(repExists);
  const rows: (Row<CustomerRowOutput> | undefined)[] = [];
  const found: ImportError[][] = sheet.records.map(() => []);
  await eachLimited(sheet.records, concurrency, async (record, i) => {
    const input = toInput(sheet, record, found[i]!);
    if (!input) return;
    const parsed = await v.safeParseAsync(schema, input);
    if (parsed.success) rows[i] = { line: record.line, value: parsed.output };
    else report(sheet, record.line, parsed.issues, found[i]!);
  });
  errors.push(...found.flat());
  return unique(
    sheet,
    rows.filter((r): r is Row<CustomerRowOutput> => r !== undefined),
    errors,
  );
}

/** The valid emails of a sheet's rows, bad rows included (so one bad cell does not cascade). */
function emailsOf(sheet: Sheet): string[] {
  const column = sheet.header.indexOf("email");
  return sheet.records.flatMap((record) => {
    const parsed = v.safeParse(EmailSchema, record.cells[column] ?? "");
    return parsed.success ? [parsed.output] : [];
  });
}

/** Reports every row whose email an earlier row of the same file already used. */
function unique<T extends { email: string }>(sheet: Sheet, rows: Row<T>[], errors: ImportError[]): Row<T>[] {
  const first = new Map<string, number>();
  const out: Row<T>[] = [];
  for (const row of rows) {
    const earlier = first.get(row.value.email);
    if (earlier === undefined) {
      first.set(row.value.email, row.line);
      out.push(row);
    } else {
      errors.push({ file: sheet.file, line: row.line, field: "email", message: `repeats the email on line ${earlier}` });
    }
  }
  return out;
}

export const Import = { run, prepare, customerRowSchema, columns };
