import { Example, prose } from "./schema.tsx";

/** One call of the guide: shown as a curl command, and run as written by the docs test against the app. */
export interface GuideStep {
  title: string;
  /** What the step does and what to look for, with `code spans`. */
  text: string;
  operationId: string;
  method: "GET" | "POST";
  /** The path and query, with shell variables ($REP_ID) from earlier steps. */
  path: string;
  key: "ADMIN_KEY" | "FINANCE_KEY";
  body?: Record<string, unknown>;
  accept?: "text/csv";
  /** Saves the answer to a file instead of printing it. */
  output?: string;
  /** A field of the JSON answer the next steps use, as a shell variable. */
  keep?: { variable: string; field: string };
}

/** The first call in five minutes, for finance and CRM integrators, in order. */
export const guideSteps: GuideStep[] = [
  {
    title: "Make a finance key",
    text: "Finance reads bonus inputs and closes periods with a key of its own. The secret (`key`) is shown once: store it now.",
    operationId: "createApiKey",
    method: "POST",
    path: "/v1/api-keys",
    key: "ADMIN_KEY",
    body: { name: "Payroll export", scopes: ["finance"] },
    keep: { variable: "FINANCE_KEY", field: "key" },
  },
  {
    title: "Create a rep",
    text: "A CRM sync creates each sales rep once (an email already taken answers 409; `GET /v1/reps` lists them). `managerEmail` makes someone their manager.",
    operationId: "createRep",
    method: "POST",
    path: "/v1/reps",
    key: "ADMIN_KEY",
    body: { name: "Dana Ortiz", email: "dana.ortiz@example.com", team: "West", timezone: "America/Los_Angeles" },
    keep: { variable: "REP_ID", field: "id" },
  },
  {
    title: "Create a customer",
    text: "Each customer belongs to one rep; `valueTier` (A, B or C) chooses the recovery actions suggested when they are unhappy.",
    operationId: "createCustomer",
    method: "POST",
    path: "/v1/customers",
    key: "ADMIN_KEY",
    body: { name: "Sam Lee", email: "sam.lee@example.com", company: "Northwind", repId: "$REP_ID", valueTier: "A" },
    keep: { variable: "CUSTOMER_ID", field: "id" },
  },
  {
    title: "Send a report card",
    text: "Sam gets an email asking how Dana is doing (on a laptop, in the inbox `npm start` prints). A customer is asked at most once every 60 days: a second report card answers 409.",
    operationId: "sendInvitation",
    method: "POST",
    path: "/v1/invitations",
    key: "ADMIN_KEY",
    body: { customerId: "$CUSTOMER_ID", kind: "report-card" },
    keep: { variable: "INVITATION_ID", field: "id" },
  },
  {
    title: "Follow the invitation",
    text: "`status` moves from `sent` to `opened` and `answered`; the answers themselves stay with the scores.",
    operationId: "getInvitation",
    method: "GET",
    path: "/v1/invitations/$INVITATION_ID",
    key: "ADMIN_KEY",
  },
  {
    title: "Read the bonus inputs",
    text: "One row per rep for the quarter: responses, raw and adjusted score with its 90% interval, eligibility, the plan's weight, payout factor and bonus share. Live while the quarter is open, with `openFlags`: the bias flags still to clear or void (`GET /v1/flags`) before the quarter can close; `locked: true` once finance closes it.",
    operationId: "getBonusInputs",
    method: "GET",
    path: "/v1/bonus-inputs?period=$PERIOD",
    key: "FINANCE_KEY",
  },
  {
    title: "Pull the CSV for payroll",
    text: "The same rows as RFC 4180 CSV with a header row (snake_case columns, four decimals, an empty cell for no score), saved under the name the server suggests.",
    operationId: "getBonusInputs",
    method: "GET",
    path: "/v1/bonus-inputs?period=$PERIOD",
    key: "FINANCE_KEY",
    accept: "text/csv",
    output: "bonus-inputs-$PERIOD.csv",
  },
];

/** The step as a curl command (bash or zsh): a JSON body goes in a here-document, so $VARIABLES expand inside it. */
export function curlOf(step: GuideStep): string {
  const lines = [`curl -s${step.method === "GET" ? "" : ` -X ${step.method}`} "$RAPPORT${step.path}"`, `-H "Authorization: Bearer $${step.key}"`];
  if (step.accept) lines.push(`-H "Accept: ${step.accept}"`);
  if (step.output) lines.push(`-o "${step.output}"`);
  if (step.body) lines.push(`-H "Content-Type: application/json" -d @- <<EOF\n${JSON.stringify(step.body)}\nEOF`);
  return lines.join(" \\\n  ");
}

const setup = (serverUrl: string) => `export RAPPORT=${serverUrl}
export ADMIN_KEY=rk_...      # see step 0
export PERIOD=2026-Q4        # a calendar quarter, YYYY-Qn`;

const client = `// npx openapi-typescript "$RAPPORT/openapi.json" -o rapport.d.ts && npm install openapi-fetch
import createClient from "openapi-fetch";
import type { paths } from "./rapport";

const rapport = createClient<paths, "application/json">({
  baseUrl: process.env.RAPPORT,
  headers: { authorization: \`Bearer \${process.env.FINANCE_KEY}\` },
});
const { data, error } = await rapport.GET("/v1/bonus-inputs", { params: { query: { period: "2026-Q4" } } });`;

/** The "first call in five minutes" section of /docs. */
export const Guide = (props: { serverUrl: string }) => (
  <section id="first-call" aria-labelledby="first-call-title" class="guide">
    <h2 id="first-call-title">First call in five minutes</h2>
    <p>
      For finance and CRM integrators: from an admin key to a rep, a customer and a report card, then the bonus inputs as JSON and as the CSV payroll imports. Every step is one
      request; each links to its entry in the reference below.
    </p>
    <h3>0. Get an admin key</h3>
    <p>
      On a laptop, <code>npm start</code> prints a <code>Demo admin API key</code>. For a deployment, make the first one with the CLI and your AWS credentials:{" "}
      <code>npm run rapport -- api-key create --name "CRM sync" --scope admin --aws --table &lt;table&gt;</code>. Keys are sent as <code>Authorization: Bearer &lt;key&gt;</code>.
    </p>
    <Example label="Shell setup" value={setup(props.serverUrl)} />
    <ol class="steps">
      {guideSteps.map((step, i) => (
        <li>
          <h3>
            {`${i + 1}. ${step.title}`} <a href={`#${step.operationId}`}>{step.operationId}</a>
          </h3>
          <p>{prose(step.text)}</p>
          <Example label="Request" value={curlOf(step)} />
          {step.keep ? (
            <p>
              Keep its <code>{step.keep.field}</code>: <code>{`export ${step.keep.variable}=<${step.keep.field} from the answer>`}</code>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
    <h3>Next</h3>
    <p>
      When the quarter has ended, finance freezes it with <a href="#closePeriod">closePeriod</a> (<code>POST /v1/periods/$PERIOD/close</code>); the bonus inputs then serve that snapshot,
      with its SHA-256. To call the API from TypeScript, generate types from <a href="/openapi.json">/openapi.json</a> and use <code>openapi-fetch</code>:
    </p>
    <Example label="A typed client" value={client} />
  </section>
);
