import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/**
 * Query strings carry what zod coerces into a Date or a BigInt (`from=2026-11-01T00:00:00Z`,
 * `before=123`): on the wire they are a time and a whole number. Anything else without a JSON
 * Schema form is an error, so a new schema that cannot be documented fails the build's tests.
 */
const unrepresentable: z.core.UnrepresentableHandler = ({ zodSchema }) => {
  const type = zodSchema._zod.def.type;
  if (type === "date") return { type: "string", format: "date-time" };
  if (type === "bigint") return { type: "integer" };
  return "throw";
};

const COMPONENTS = "#/components/schemas/";

/** JSON Schema 2020-12 (the dialect of OpenAPI 3.1) of one schema, as a client sends it or as it is answered. */
export function schemaFor(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable }) as JsonSchema;
  return json;
}

/**
 * Components from named schemas: a schema named here and used inside another one becomes a $ref,
 * so the Alert inside a list of alerts is the same Alert an acknowledgement answers.
 */
export function componentsFor(named: Map<z.ZodType, string>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id?: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, unrepresentable, uri: (id) => `${COMPONENTS}${id}` });
  if ("__shared" in schemas) throw new Error("A recursive schema needs a name of its own in the API reference");
  return Object.fromEntries(
    Object.entries(schemas).map(([id, json]) => {
      const { $schema: _dialect, $id: _id, ...rest } = json as JsonSchema;
      return [id, rest];
    }),
  );
}
