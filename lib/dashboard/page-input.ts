import { notFound } from "next/navigation";
import { ApiError } from "@/lib/core/errors";
import { unstorableTextProblem } from "@/lib/core/text/storable-text";

// What a dashboard page reads from its URL, made safe to build queries from. Next.js hands a page
// an array for a repeated key (?a=1&a=2) and passes NUL through, and a page's dynamic segments
// arrive still percent-encoded; a page shows what it can and ignores what it cannot use.

export type PageQuery = Record<string, string | undefined>;
/** A page's `searchParams` prop as Next.js hands it over. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The first text value of each key, without values Postgres cannot take; no inherited keys. (For
 * `?hasOwnProperty=x` Next.js merges the inherited method into an array with the value, so an
 * element is not always a string.)
 */
export async function readPageQuery(searchParams: SearchParams): Promise<PageQuery> {
  const query: PageQuery = Object.create(null);
  for (const [key, raw] of Object.entries(await searchParams)) {
    const value: unknown = Array.isArray(raw) ? raw.find((v: unknown) => typeof v === "string") : raw;
    if (typeof value === "string" && unstorableTextProblem(key) === null && unstorableTextProblem(value) === null)
      query[key] = value;
  }
  return query;
}

/** A dynamic segment decoded, or the not-found page when it is not text a name or id can hold. */
export function decodePathSegmentOrNotFound(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    notFound();
  }
  if (unstorableTextProblem(decoded) !== null) notFound();
  return decoded;
}

/**
 * `?version=N` of a model page: undefined when absent, the number when the model has it, and the
 * not-found page for anything else (garbage, 0, 1.5, a version never registered).
 */
export function pageVersionOrNotFound(raw: string | undefined, versions: readonly { version: number }[]): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const version = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : NaN;
  if (!versions.some((v) => v.version === version)) notFound();
  return version;
}

/** A lookup's answer, or the not-found page when it throws not_found. */
export async function foundOrNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
}
