import { loadApiReferencePage } from "@/lib/dashboard/loaders/api-reference-page";
import { OPENAPI_PATH } from "@/lib/openapi/operations/system";
import { MethodBadge, OperationView } from "@/lib/dashboard/components/api-reference/operation-view";
import { SchemaView, schemaAnchor } from "@/lib/dashboard/components/api-reference/schema-view";
import { PageHeader, Panel } from "@/lib/dashboard/components/ui";

export const dynamic = "force-dynamic";
export const metadata = { title: "API reference · Tidemark" };

// Rendered on the server from the same document GET /api/openapi.json serves: no client script,
// nothing fetched from elsewhere (the page CSP allows neither).
export default async function ApiReferencePage() {
  const { components, operations, tags } = await loadApiReferencePage();
  return (
    <>
      <PageHeader
        title="API reference"
        subtitle={
          <>
            Every operation of the HTTP API, generated from the schemas the server validates with. The same document as OpenAPI
            3.1:{" "}
            <a href={OPENAPI_PATH} className="text-blue-700 hover:underline">
              {OPENAPI_PATH}
            </a>
            . Send an API key as <code>Authorization: Bearer tm_…</code>; its scopes must include the operation's scope (admin may
            do everything). Every failure answers <code>{'{ "error": { "code", "message", "details"? } }'}</code>, but on the Open
            Inference Protocol's <code>/v2</code> paths, which answer its <code>{'{ "error": "…" }'}</code>.
          </>
        }
      />
      <Panel title="Operations">
        <nav aria-label="Operations" className="grid gap-x-8 gap-y-4 text-sm md:grid-cols-2">
          {tags.map((tag) => (
            <div key={tag}>
              <h3 className="font-semibold text-gray-900">{tag}</h3>
              <ul className="mt-1 space-y-1">
                {operations
                  .filter(({ op }) => op.tags.includes(tag))
                  .map(({ path, method, op }) => (
                    <li key={op.operationId} className="flex items-center gap-2">
                      <MethodBadge method={method} />
                      <a href={`#${op.operationId}`} className="break-all font-mono text-blue-700 hover:underline">
                        {path}
                      </a>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </nav>
      </Panel>
      {tags.map((tag) => (
        <section key={tag} aria-label={tag}>
          <h2 className="mb-3 mt-8 text-xl font-semibold text-gray-900">{tag}</h2>
          {operations
            .filter(({ op }) => op.tags.includes(tag))
            .map(({ path, method, op }) => (
              <OperationView key={op.operationId} method={method} path={path} op={op} components={components} />
            ))}
        </section>
      ))}
      <Panel title="Schemas">
        <div className="space-y-4 text-sm">
          {Object.entries(components).map(([name, schema]) => (
            <div key={name} id={schemaAnchor(name)}>
              <h3 className="font-mono font-semibold text-gray-900">{name}</h3>
              {schema.description ? <p className="text-gray-600">{schema.description}</p> : null}
              <SchemaView schema={schema} />
            </div>
          ))}
        </div>
      </Panel>
    </>
  );
}
