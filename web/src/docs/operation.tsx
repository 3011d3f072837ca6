import { Body, Example, Field, prose, refName, resolve, type Media, type Operation, type Schema, type Spec } from "./schema.tsx";

/** Who may call an operation, in words: each accepted credential, or none. */
function securityText(spec: Spec, op: Operation): string {
  const entries = (op.security ?? []).flatMap((requirement) => Object.entries(requirement));
  if (!entries.length) return "None: anyone may call it (a customer's link carries its own token).";
  const schemes = spec.components.securitySchemes ?? {};
  const words = entries.map(([name, scopes]) => {
    const scheme = schemes[name];
    if (scheme?.type === "http" && scheme.scheme === "bearer") return `an API key with the ${scopes.join(" or ")} scope (Authorization: Bearer <key>)`;
    if (scheme?.type === "apiKey" && scheme.in === "cookie") return `a signed-in rep or manager (the ${scheme.name} cookie)`;
    return name;
  });
  const text = words.join(", or ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

const statusClass = (status: string) => `status s${status.charAt(0)}`;

/** One media type of an answer: JSON bodies in full, the shared error body by link, HTML and CSV in words. */
const Content = (props: { spec: Spec; type: string; media: Media; success: boolean }) => {
  const { spec, type, media, success } = props;
  if (refName(media.schema) === "Error") {
    return (
      <p class="media">
        <code>{type}</code>: the <a href="#errors">error body</a> (<code>error.code</code>, <code>error.message</code>, <code>error.fields</code> on a 400).
      </p>
    );
  }
  if (type === "text/html") {
    return (
      <p class="media">
        <code>{type}</code>: an HTML page, for browsers and mail providers posting a form.
      </p>
    );
  }
  if (type === "text/csv") {
    return (
      <div class="media">
        <p>
          <code>{type}</code> (send <code>Accept: text/csv</code>): {prose(resolve(spec, media.schema).description)}
        </p>
        {media.example !== undefined ? <Example label="Example" value={media.example} /> : null}
      </div>
    );
  }
  return (
    <details class="media" open={success}>
      <summary>
        <code>{type}</code>: {refName(media.schema) ?? "body"}
      </summary>
      <Body spec={spec} schema={media.schema} example={media.example} named={Boolean(refName(media.schema))} />
    </details>
  );
};

/** The headers particular to an answer, each with what it carries; the shared ones (a `$ref`) are described once, under Errors. */
const Headers = (props: { headers: Record<string, Schema> | undefined }) => {
  const entries = Object.entries(props.headers ?? {}).filter(([, header]) => header.$ref === undefined);
  if (!entries.length) return null;
  return (
    <ul class="headers">
      {entries.map(([name, header]) => (
        <li>
          Header <code>{name}</code>: {prose(header.description)}
        </li>
      ))}
    </ul>
  );
};

/** One operation of the reference: method and path, what it does, who may call it, its input and every answer. */
export const OperationDoc = (props: { spec: Spec; method: string; path: string; op: Operation }) => {
  const { spec, method, path, op } = props;
  const id = op.operationId;
  const params = op.parameters ?? [];
  const body = op.requestBody;
  return (
    <article class="op" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <span class={`method m-${method}`}>{method.toUpperCase()}</span> <code class="path">{path}</code>
      </h3>
      <p class="summary">{op.summary}</p>
      {op.description ? <p>{prose(op.description)}</p> : null}
      <dl class="meta">
        <dt>operationId</dt>
        <dd>
          <code>{id}</code>
        </dd>
        <dt>Credentials</dt>
        <dd>{securityText(spec, op)}</dd>
      </dl>
      {params.length ? (
        <div class="part">
          <h4>Parameters</h4>
          <ul class="fields">
            {params.map((p) => (
              <Field spec={spec} name={`${p.name} (${p.in})`} schema={p.schema} required={Boolean(p.required)} description={p.description} seen={[]} />
            ))}
          </ul>
        </div>
      ) : null}
      {body ? (
        <div class="part">
          <h4>Request body {body.required ? "(required)" : "(optional)"}</h4>
          <p class="media">
            Sent as {Object.keys(body.content).map((type, i) => [i ? " or " : "", <code>{type}</code>])}.
          </p>
          <Body spec={spec} schema={body.content["application/json"]?.schema ?? Object.values(body.content)[0]?.schema} />
        </div>
      ) : null}
      <div class="part">
        <h4>Responses</h4>
        <ul class="answers">
          {Object.entries(op.responses).map(([status, answer]) => (
            <li>
              <p>
                <span class={statusClass(status)}>{status}</span> {prose(answer.description)}
              </p>
              <Headers headers={answer.headers} />
              {Object.entries(answer.content ?? {}).map(([type, media]) => (
                <Content spec={spec} type={type} media={media} success={status.startsWith("2")} />
              ))}
            </li>
          ))}
        </ul>
      </div>
    </article>
  );
};
