import { Guide } from "./docs/guide.tsx";
import { OperationDoc } from "./docs/operation.tsx";
import { Body, prose, type Operation, type Spec } from "./docs/schema.tsx";
import { docsCss } from "./docs/styles.ts";

const METHODS = ["get", "put", "post", "delete", "patch"];

interface Entry {
  method: string;
  path: string;
  op: Operation;
}

/** The operations grouped by their tag, in the document's tag order. */
function byTag(spec: Spec): [string, Entry[]][] {
  const groups = new Map<string, Entry[]>((spec.tags ?? []).map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const tag = op.tags?.[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op }]);
    }
  }
  return [...groups].filter(([, entries]) => entries.length > 0);
}

/** The shared header components, each under the name the answers send it by. */
function sharedHeaders(spec: Spec): [string, { description?: string; required?: boolean }][] {
  const names = new Map<string, string>();
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      for (const answer of Object.values(op.responses ?? {})) {
        for (const [name, header] of Object.entries(answer.headers ?? {})) if (typeof header.$ref === "string") names.set(header.$ref.split("/").pop()!, name);
      }
    }
  }
  return Object.entries(spec.components.headers ?? {}).map(([component, header]) => [names.get(component) ?? component, header]);
}

const slug = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

/** How callers authenticate: the document's security schemes, in words. */
const Credentials = (props: { spec: Spec }) => (
  <section id="credentials" aria-labelledby="credentials-title" class="panel">
    <h2 id="credentials-title">Credentials</h2>
    <ul>
      {Object.entries(props.spec.components.securitySchemes ?? {}).map(([name, scheme]) => (
        <li>
          <strong>{name}</strong> ({scheme.type === "http" ? `HTTP ${scheme.scheme}` : `${scheme.in} ${scheme.name}`}): {prose(scheme.description)}
        </li>
      ))}
    </ul>
    <p>Each operation below names what it accepts. A missing or unknown key is 401 (with a Bearer challenge); a key without the operation's scope is 403.</p>
  </section>
);

/** The one error body every 4xx and 5xx answer carries. */
const Errors = (props: { spec: Spec }) => (
  <section id="errors" aria-labelledby="errors-title" class="panel">
    <h2 id="errors-title">Errors</h2>
    <p>
      Every 4xx and 5xx answer is JSON of this shape. <code>error.code</code> is stable: branch on it, not on the message. A 400 names each wrong field in{" "}
      <code>error.fields</code>. Quote the <code>X-Request-Id</code> header when you report a problem.
    </p>
    <Body spec={props.spec} schema={{ $ref: "#/components/schemas/Error" }} />
    <p>Every answer, success or error, carries:</p>
    <ul>
      {sharedHeaders(props.spec).map(([name, header]) => (
        <li>
          <code>{name}</code>: {prose(header.description)}
        </li>
      ))}
    </ul>
  </section>
);

/** The API reference page at /docs, rendered on the server from the OpenAPI document: no script, nothing loaded from elsewhere. */
export const DocsPage = (props: { spec: Spec }) => {
  const { spec } = props;
  const groups = byTag(spec);
  const descriptions = new Map((spec.tags ?? []).map((t) => [t.name, t.description]));
  const serverUrl = spec.servers?.[0]?.url ?? "http://localhost:3000";
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${spec.info.title} reference`}</title>
        <style>{docsCss}</style>
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to the reference
        </a>
        <header class="top">
          <h1>{spec.info.title}</h1>
          <p>
            Version {spec.info.version} · OpenAPI 3.1 document: <a href="/openapi.json">/openapi.json</a>
          </p>
        </header>
        <div class="layout">
          <nav class="toc" aria-label="Contents">
            <h2>Contents</h2>
            <ul>
              <li>
                <a href="#first-call">First call in five minutes</a>
              </li>
              <li>
                <a href="#credentials">Credentials</a>
              </li>
              <li>
                <a href="#errors">Errors</a>
              </li>
              {groups.map(([tag, entries]) => (
                <li class="tag">
                  <a href={`#${slug(tag)}`}>{tag}</a>
                  <ul>
                    {entries.map(({ op }) => (
                      <li>
                        <a href={`#${op.operationId}`}>{op.summary}</a>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </nav>
          <main id="content">
            <p>{prose(spec.info.description)}</p>
            <Guide serverUrl={serverUrl} />
            <Credentials spec={spec} />
            <Errors spec={spec} />
            {groups.map(([tag, entries]) => (
              <section aria-labelledby={slug(tag)}>
                <h2 id={slug(tag)}>{tag}</h2>
                {descriptions.get(tag) ? <p>{prose(descriptions.get(tag))}</p> : null}
                {entries.map(({ method, path, op }) => (
                  <OperationDoc spec={spec} method={method} path={path} op={op} />
                ))}
              </section>
            ))}
          </main>
        </div>
      </body>
    </html>
  );
};

/** The /docs page as a complete HTML document. */
export function renderDocs(spec: unknown): string {
  return `<!doctype html>${(<DocsPage spec={spec as Spec} />).toString()}`;
}
