import type { FC } from "hono/jsx";

interface Spec {
  info: { title: string; version: string };
  paths: Record<string, Record<string, OperationDoc>>;
}

interface OperationDoc {
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: { "application/json": { schema: unknown } } };
  responses: Record<string, { description: string; content?: { "application/json": { schema: unknown } } }>;
}

const css = `
body{font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1a1a1a;background:#f7f7f8}
main{max-width:960px;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
section.op{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}
.method{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase;font-family:ui-monospace,monospace}
.get{color:#0b6b2e}.post{color:#1f4fd1}.delete{color:#a4161a}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88rem}
pre{background:#f1f1f3;padding:.75rem;border-radius:6px;overflow:auto}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #eee}
a{color:#1f4fd1}
`;

const auth = (op: OperationDoc) =>
  op.security.length === 0 ? "none" : op.security.map((s) => Object.entries(s).map(([k, v]) => (v.length ? `${k} (${v.join(", ")})` : k)).join(" or ")).join(" or ");

/** The API reference page at /docs, rendered on the server from the OpenAPI document. */
export const DocsPage: FC<{ spec: Spec }> = ({ spec }) => {
  const byTag = new Map<string, { path: string; method: string; op: OperationDoc }[]>();
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
    }
  }
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{spec.info.title} reference</title>
        <style>{css}</style>
      </head>
      <body>
        <main>
          <h1>{spec.info.title}</h1>
          <p>
            Version {spec.info.version}. Machine callers send <code>Authorization: Bearer &lt;api key&gt;</code>. Errors are{" "}
            <code>{'{"error": {"code", "message", "fields"?}}'}</code> with a 4xx status. The machine-readable document is{" "}
            <a href="/openapi.json">/openapi.json</a>.
          </p>
          {[...byTag.entries()].map(([tag, ops]) => (
            <>
              <h2>{tag}</h2>
              {ops.map(({ path, method, op }) => (
                <section class="op" id={`${method}-${path}`}>
                  <h3>
                    <span class={`method ${method}`}>{method}</span> <code>{path}</code>
                  </h3>
                  <p>{op.summary}</p>
                  <p>
                    <strong>Auth:</strong> {auth(op)}
                  </p>
                  {op.parameters?.length ? (
                    <table>
                      <thead>
                        <tr>
                          <th>parameter</th>
                          <th>in</th>
                          <th>required</th>
                        </tr>
                      </thead>
                      <tbody>
                        {op.parameters.map((p) => (
                          <tr>
                            <td>
                              <code>{p.name}</code>
                            </td>
                            <td>{p.in}</td>
                            <td>{p.required ? "yes" : "no"}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                  {op.requestBody ? (
                    <details>
                      <summary>Request body (JSON schema)</summary>
                      <pre>{JSON.stringify(op.requestBody.content["application/json"].schema, null, 2)}</pre>
                    </details>
                  ) : null}
                  <ul>
                    {Object.entries(op.responses).map(([status, r]) => (
                      <li>
                        <code>{status}</code> {r.description}
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </>
          ))}
        </main>
      </body>
    </html>
  );
};

/** The /docs page as a complete HTML document. */
export function renderDocs(spec: unknown): string {
  return `<!doctype html>${(<DocsPage spec={spec as Spec} />).toString()}`;
}
