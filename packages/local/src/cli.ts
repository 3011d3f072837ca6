import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { DescribeTableCommand, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import * as v from "valibot";
import { ApiKey, ApiKeySchema } from "@rapport/core/api-key/index";
import type { Actor } from "@rapport/core/audit/index";
import { config, configure, localKnob } from "@rapport/core/config";
import { dynamo, resetClients } from "@rapport/core/db/index";
import { Import, type ImportError, type ImportFile, type ImportKind, type ImportResult } from "@rapport/core/import/index";
import { campaignCommand } from "./campaign-cli.ts";
import { DatabaseError, UsageError } from "./cli-errors.ts";

const HELP = `Usage: npm run rapport -- <command> [options]

Commands:
  import <file.csv>...   Import reps and/or customers from CSV files (told apart by their headers).
                         Every row is checked first; if any is bad, nothing is written.
                         Re-running updates existing reps and customers (matched by email).
  api-key create --name <name> --scope <admin|finance|events:write> [--scope ...]
                         Create an API key and print its secret (shown once). This is how the
                         first admin key of a fresh deployment is made (with --aws --table).
  campaign start [--rep <id>] [--segment <s>] [--value-tier A|B|C] [--watch]
                         Send report cards to one rep's customers (or every rep's), optionally only
                         one segment and value tier. Answers at once with the campaign's id; the
                         campaign worker sends in the background (\`npm start\` runs one locally).
  campaign status <id> [--watch]
                         A campaign's progress: sent, skipped by reason, failed, and its times.
  campaign cancel <id>   Stop a campaign: nothing not yet sent goes out.
  help                   Show this help.

Files:
  reps:       name, email, manager_email?, team?, timezone? (IANA, e.g. Europe/Berlin)
  customers:  name, email, company?, rep_email, segment?, value_tier? (A, B or C)
              rep_email names the owning rep: one in the reps file of the same run, or one
              already in the database.

Options:
  --endpoint <url>   DynamoDB endpoint (default: the local runner's, http://127.0.0.1:<DYNAMODB_PORT or 8000>)
  --table <name>     Table name (default: rapport)
  --aws              Use AWS instead of a local endpoint: the default credential chain and region
                     (AWS_PROFILE, AWS_REGION, ...); give the deployed table with --table
  --region <name>    AWS region (default: AWS_REGION or us-east-1)
  --dry-run          Check the files and report problems; write nothing
  --name, --scope    For api-key create
  --rep, --segment, --value-tier
                     For campaign start: whose customers (default: every rep's), which segment and tier
  --watch            Follow the campaign until it ends: a progress bar on a terminal, one line a
                     second otherwise; exit 0 when done or cancelled, 1 when it failed
  -h, --help         Show this help

Exit codes: 0 success, 1 bad rows (nothing written), a campaign refused (unknown rep or campaign, already
finished) or a campaign that failed, 2 usage error, 3 the database could not be used.`;

async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`rapport: ${error.message}\nRun \`npm run rapport -- help\` for usage.\n`);
      return 2;
    }
    if (error instanceof DatabaseError) {
      process.stderr.write(`rapport: ${error.message}\n`);
      return 3;
    }
    throw error;
  } finally {
    resetClients();
  }
}

async function dispatch(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        endpoint: { type: "string" },
        table: { type: "string" },
        region: { type: "string" },
        aws: { type: "boolean" },
        "dry-run": { type: "boolean" },
        name: { type: "string" },
        scope: { type: "string", multiple: true },
        rep: { type: "string" },
        segment: { type: "string" },
        "value-tier": { type: "string" },
        watch: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || command === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (command === undefined) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  if (command !== "import" && command !== "api-key" && command !== "campaign") throw new UsageError(`unknown command "${command}".`);
  if (values.aws && values.endpoint) throw new UsageError("--aws and --endpoint cannot be used together.");
  if (values.aws && !values.table) throw new UsageError("--aws needs --table <the deployed table's name>.");
  const database = { endpoint: values.endpoint, table: values.table, region: values.region, aws: Boolean(values.aws) };
  if (command === "campaign") {
    const options = { rep: values.rep, segment: values.segment, valueTier: values["value-tier"], watch: Boolean(values.watch) };
    return campaignCommand(args, options, { actor: cliActor(), connect: () => checkTable(connect(database)) });
  }
  if (command === "api-key") {
    if (args[0] !== "create") throw new UsageError('api-key takes one subcommand: "create".');
    const input = v.safeParse(ApiKeySchema, { name: values.name ?? "", scopes: values.scope ?? [] });
    if (!input.success) {
      const issue = input.issues[0];
      throw new UsageError(`${v.getDotPath(issue) === "name" ? "--name" : "--scope"} ${issue.message}.`);
    }
    await checkTable(connect(database));
    const created = await ApiKey.create(input.output, cliActor());
    process.stdout.write(`Created API key ${created.id} (${created.scopes.join(", ")}). Its secret, shown only now:\n${created.key}\n`);
    return 0;
  }
  if (args.length === 0) throw new UsageError("import needs at least one CSV file (reps, customers, or both).");

  const files = args.map(readCsv);
  await checkTable(connect(database));

  const progress = new Progress(process.stderr);
  let result: ImportResult;
  try {
    result = await Import.run(files, {
      actor: cliActor(),
      dryRun: Boolean(values["dry-run"]),
      onProgress: (done, total, kind) => progress.update(done, total, kind),
    });
  } catch (error) {
    progress.end();
    throw new DatabaseError(
      `the import stopped: ${(error as Error).message}\n` +
        "Rows written before the stop stay written; run the same import again to finish (re-runs never duplicate).",
    );
  }
  progress.end();
  return report(result, Boolean(values["dry-run"]));
}

function readCsv(path: string): ImportFile {
  try {
    return { name: path, text: readFileSync(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `${path}: no such file.` : `cannot read ${path}: ${(error as Error).message}`);
  }
}

interface Target {
  endpoint?: string;
  table: string;
}

/** Points core's one DynamoDB client at the local runner's database, another endpoint, or AWS. */
function connect(options: { endpoint?: string; table?: string; region?: string; aws: boolean }): Target {
  const endpoint = options.aws
    ? undefined
    : (options.endpoint ?? config().dynamoEndpoint ?? `http://127.0.0.1:${localKnob("DYNAMODB_PORT") ?? "8000"}`);
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new UsageError(`--endpoint ${endpoint} is not a URL (try http://127.0.0.1:8000).`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--endpoint ${endpoint} must be an http(s) URL.`);
  }
  const table = options.table ?? config().tableName;
  configure({ dynamoEndpoint: endpoint, tableName: table, ...(options.region ? { region: options.region } : {}) });
  resetClients();
  return { ...(endpoint ? { endpoint } : {}), table };
}

/** Fails early, with a hint, when the database does not answer or has no such table. */
async function checkTable(target: Target): Promise<void> {
  try {
    await dynamo().send(new DescribeTableCommand({ TableName: target.table }));
  } catch (error) {
    const where = target.endpoint ? `DynamoDB at ${target.endpoint}` : `DynamoDB in ${config().region}`;
    if (error instanceof ResourceNotFoundException) {
      throw new DatabaseError(
        `${where} has no table "${target.table}".` +
          (target.endpoint ? " Start the app once with `npm start` to create it, or pass --table." : " Pass the deployed table's name with --table."),
      );
    }
    const message = (error as Error).message || (error as Error).name;
    if (target.endpoint) {
      throw new DatabaseError(`cannot reach ${where} (${message}). Is \`npm start\` running? Or pass --endpoint.`);
    }
    throw new DatabaseError(`cannot use ${where} (${message}). Check your AWS credentials and region.`);
  }
}

function cliActor(): Actor {
  try {
    return { kind: "cli", id: userInfo().username || "cli" };
  } catch {
    return { kind: "cli", id: "cli" };
  }
}

function formatError(error: ImportError): string {
  return `${error.file}:${error.line} ${error.field ? `${error.field}: ` : ""}${error.message}`;
}

function report(result: ImportResult, dryRun: boolean): number {
  for (const error of result.errors) process.stderr.write(`${formatError(error)}\n`);
  if (!result.written && result.errors.length > 0) {
    const rows = new Set(result.errors.map((e) => `${e.file}:${e.line}`)).size;
    process.stderr.write(
      `${plural(result.errors.length, "problem")} in ${plural(rows, "row")}; nothing was written. Fix the rows above and run the import again.\n`,
    );
    return 1;
  }
  const checked = result.files.map((f) => `${f.file} (${plural(f.rows, f.kind === "reps" ? "rep" : "customer")})`).join(", ");
  if (dryRun) {
    process.stdout.write(`Checked ${checked}: no problems found. Nothing was written (--dry-run).\n`);
    return 0;
  }
  const line = (kind: ImportKind) => {
    const c = result[kind];
    return `${`${kind}:`.padEnd(11)}${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  };
  process.stdout.write(`Imported ${checked}.\n`);
  for (const kind of ["reps", "customers"] as const) {
    if (result.files.some((f) => f.kind === kind)) process.stdout.write(`${line(kind)}\n`);
  }
  if (result.errors.length > 0) {
    process.stderr.write(`${plural(result.errors.length, "row")} could not be written (see above); run the import again to retry them.\n`);
    return 1;
  }
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A progress bar on a terminal (`[#####.....] 120/300 customers`), plain periodic lines otherwise. */
class Progress {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(done: number, total: number, kind: ImportKind): void {
    const finished = done === total;
    const now = Date.now();
    if (this.out.isTTY) {
      if (!finished && done !== 0 && now - this.lastDraw < 50) return;
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      this.out.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${kind}`);
      this.drawn = !finished;
      if (finished) this.out.write("\n");
    } else {
      if (!finished && done !== 0 && now - this.lastDraw < 1000) return;
      if (done === 0) this.out.write(`writing ${total} ${kind}...\n`);
      else this.out.write(`${done}/${total} ${kind}\n`);
    }
    this.lastDraw = now;
  }

  /** Leaves the terminal on a fresh line if a bar was interrupted. */
  end(): void {
    if (this.drawn) this.out.write("\n");
    this.drawn = false;
  }
}

process.exitCode = await main(process.argv.slice(2));
