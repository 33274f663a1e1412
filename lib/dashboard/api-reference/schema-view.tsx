import type { ReactNode } from "react";

/**
 * A JSON Schema as a reader wants it: properties with their types, whether required, limits and
 * descriptions, nested objects indented, references linked to the schema's own entry. Zod's long
 * regular expressions for times and ids are shown by their format name instead.
 */

export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  [key: string]: unknown;
};

export const schemaAnchor = (name: string) => `schema-${name}`;

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

const LIMITS: [keyof Schema, string][] = [
  ["minimum", "≥"],
  ["exclusiveMinimum", ">"],
  ["maximum", "≤"],
  ["exclusiveMaximum", "<"],
  ["minLength", "min length"],
  ["maxLength", "max length"],
  ["minItems", "min items"],
  ["maxItems", "max items"],
];

/** One line: the type, with what constrains it. */
export function TypeLabel({ schema }: { schema: Schema }): ReactNode {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a href={`#${schemaAnchor(name)}`} className="font-mono text-blue-700 hover:underline">
        {name}
      </a>
    );
  }
  const parts: string[] = [];
  if (schema.const !== undefined) parts.push(JSON.stringify(schema.const));
  else if (schema.enum) parts.push(schema.enum.map((v) => JSON.stringify(v)).join(" | "));
  else if (schema.type) parts.push(Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type);
  else if (!schema.anyOf && !schema.oneOf && !schema.allOf) parts.push("any JSON");
  if (schema.format) parts.push(`(${schema.format})`);
  else if (typeof schema.pattern === "string" && schema.pattern.length <= 60) parts.push(`matching ${schema.pattern}`);
  for (const [key, label] of LIMITS) {
    const value = schema[key];
    // Zod writes the safe-integer bounds on every int; they say nothing to a reader.
    if (typeof value === "number" && Math.abs(value) !== Number.MAX_SAFE_INTEGER) parts.push(`${label} ${value}`);
  }
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return <span className="font-mono text-gray-800">{parts.join(" ")}</span>;
}

/** The schema's structure, nested; `depth` stops runaway nesting in a page that lists everything. */
export function SchemaView({ schema, depth = 0 }: { schema: Schema; depth?: number }): ReactNode {
  if (depth > 8) return <TypeLabel schema={schema} />;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return (
      <div>
        <span className="text-xs text-gray-500">one of</span>
        <ol className="ml-4 list-decimal">
          {alternatives.map((alternative, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an alternative's place in the list is its identity
            <li key={i} className="py-0.5">
              <SchemaView schema={alternative} depth={depth + 1} />
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (schema.allOf) {
    return (
      <div>
        <span className="text-xs text-gray-500">all of</span>
        {schema.allOf.map((part, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a part's place in the list is its identity
          <SchemaView key={i} schema={part} depth={depth + 1} />
        ))}
      </div>
    );
  }
  if (schema.type === "array" && schema.items) {
    return (
      <div>
        <span className="font-mono text-gray-800">array</span>{" "}
        <TypeLabel schema={{ ...schema, type: undefined, items: undefined }} /> <span className="text-xs text-gray-500">of</span>
        <div className="ml-4">
          <SchemaView schema={schema.items} depth={depth + 1} />
        </div>
      </div>
    );
  }
  if (schema.properties) return <ObjectView schema={schema} depth={depth} />;
  if (schema.type === "object" && typeof schema.additionalProperties === "object") {
    return (
      <div>
        <span className="font-mono text-gray-800">object</span> <span className="text-xs text-gray-500">of any keys, each</span>
        <div className="ml-4">
          <SchemaView schema={schema.additionalProperties} depth={depth + 1} />
        </div>
      </div>
    );
  }
  return (
    <span>
      <TypeLabel schema={schema} />
      {schema.description && depth === 0 ? <span className="ml-2 text-gray-600">{schema.description}</span> : null}
    </span>
  );
}

function ObjectView({ schema, depth }: { schema: Schema; depth: number }) {
  const required = new Set(schema.required ?? []);
  return (
    <dl className="divide-y divide-gray-100 border-l-2 border-gray-200 pl-3">
      {Object.entries(schema.properties ?? {}).map(([name, property]) => (
        <div key={name} className="py-1">
          <dt className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-mono font-semibold text-gray-900">{name}</span>
            {required.has(name) ? <span className="text-xs text-red-700">required</span> : null}
            {isLeaf(property) ? <TypeLabel schema={property} /> : null}
          </dt>
          <dd className="text-gray-600">
            {property.description ? <p>{property.description}</p> : null}
            {isLeaf(property) ? null : <SchemaView schema={property} depth={depth + 1} />}
          </dd>
        </div>
      ))}
      {schema.additionalProperties === false ? null : <div className="py-1 text-xs text-gray-500">other keys allowed</div>}
    </dl>
  );
}

const isLeaf = (s: Schema) =>
  !s.properties &&
  !s.anyOf &&
  !s.oneOf &&
  !s.allOf &&
  !(s.type === "array" && s.items) &&
  typeof s.additionalProperties !== "object";
