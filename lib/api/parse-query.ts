import { parseOrThrow } from "@/lib/core/parse-or-throw";

/**
 * A request's query string through a zod schema: each key's first value (a repeated key is not a
 * list anywhere in the API), and a 422 naming the parameter when the schema refuses it.
 */
export function parseQuery<T>(request: Request, schema: Parameters<typeof parseOrThrow<T>>[0]): T {
  return parseOrThrow(schema, Object.fromEntries(new URL(request.url).searchParams), "query");
}
