import { Badge, Table } from "@/lib/dashboard/ui";
import { refName, type Schema, SchemaView, schemaAnchor, TypeLabel } from "./schema-view";

/** One operation of the OpenAPI document, as the reference page shows it. */

type Media = Record<string, { schema?: Schema }>;
export type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  "x-scope": string | null;
  parameters: { name: string; in: string; required: boolean; description?: string; schema: Schema }[];
  requestBody?: { required: boolean; content: Media };
  responses: Record<string, { description: string; content?: Media; headers?: Record<string, { description: string }> }>;
};

const METHOD_TONE = { get: "blue", post: "green", put: "amber", patch: "amber", delete: "red" } as const;

export function MethodBadge({ method }: { method: string }) {
  return <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "gray"}>{method.toUpperCase()}</Badge>;
}

export function OperationView({
  method,
  path,
  op,
  components,
}: {
  method: string;
  path: string;
  op: Operation;
  components: Record<string, Schema>;
}) {
  return (
    <article
      id={op.operationId}
      aria-labelledby={`${op.operationId}-title`}
      className="mb-6 rounded-lg border border-gray-200 bg-white p-3 shadow-sm sm:p-4"
    >
      <h3 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-2 text-base font-semibold text-gray-900">
        <MethodBadge method={method} />
        <code className="break-all font-mono">{path}</code>
        <span className="text-xs font-normal text-gray-600">
          scope{" "}
          <span data-testid="operation-scope" className="font-mono">
            {op["x-scope"] ?? "none (no key needed)"}
          </span>
        </span>
      </h3>
      <p className="mt-1 text-sm text-gray-800">{op.summary}</p>
      {op.description ? <p className="mt-1 text-sm text-gray-600">{op.description}</p> : null}

      {op.parameters.length ? (
        <section className="mt-3 text-sm">
          <h4 className="font-semibold text-gray-900">Parameters</h4>
          <Table
            caption={`Parameters of ${method.toUpperCase()} ${path}`}
            head={["Name", "In", "Required", "Type", "Description"]}
            rows={op.parameters.map((p) => [
              <code key="n" className="font-mono">
                {p.name}
              </code>,
              p.in,
              p.required ? "yes" : "no",
              <TypeLabel key="t" schema={p.schema} />,
              p.description ?? "",
            ])}
          />
        </section>
      ) : null}

      {op.requestBody ? (
        <section className="mt-3 text-sm">
          <h4 className="font-semibold text-gray-900">Request body{op.requestBody.required ? "" : " (optional)"}</h4>
          {Object.entries(op.requestBody.content).map(([type, media]) => (
            <div key={type} className="mt-1">
              <p className="text-xs text-gray-500">{type}</p>
              {media.schema ? <ExpandedSchema schema={media.schema} components={components} /> : null}
            </div>
          ))}
        </section>
      ) : null}

      <section className="mt-3 text-sm">
        <h4 className="font-semibold text-gray-900">Responses</h4>
        <Table
          caption={`Responses of ${method.toUpperCase()} ${path}`}
          head={["Status", "Meaning", "Body"]}
          rows={Object.entries(op.responses).map(([status, r]) => [
            <span key="s" className="font-mono">
              {status}
            </span>,
            <span key="d">
              {r.description}
              {Object.entries(r.headers ?? {}).map(([h, d]) => (
                <span key={h} className="block text-xs text-gray-500">
                  header <code>{h}</code>: {d.description}
                </span>
              ))}
            </span>,
            <span key="b">
              {Object.entries(r.content ?? {}).map(([type, media]) =>
                media.schema?.$ref ? (
                  <TypeLabel key={type} schema={media.schema} />
                ) : (
                  <span key={type} className="text-xs text-gray-500">
                    {type}
                  </span>
                ),
              )}
            </span>,
          ])}
        />
      </section>
    </article>
  );
}

/** A request body is shown in full where it is used; its name still links to the schema list. */
function ExpandedSchema({ schema, components }: { schema: Schema; components: Record<string, Schema> }) {
  if (!schema.$ref) return <SchemaView schema={schema} />;
  const name = refName(schema.$ref);
  return (
    <details open className="rounded border border-gray-100 p-2">
      <summary className="cursor-pointer font-mono text-blue-700">
        <a href={`#${schemaAnchor(name)}`}>{name}</a>
      </summary>
      {components[name] ? <SchemaView schema={components[name]} /> : null}
    </details>
  );
}
