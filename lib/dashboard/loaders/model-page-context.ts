import "server-only";
import { getDatabase } from "@/lib/db/get-database";
import { getModelOrThrow } from "@/lib/registry/get-model-or-throw";
import {
  decodePathSegmentOrNotFound,
  foundOrNotFound,
  pageVersionOrNotFound,
  readPageQuery,
  type SearchParams,
} from "../page-input";
import { parseTimeRange } from "../time-range";

export type PageParams = Promise<{ name: string }>;
export type { SearchParams };

/**
 * What every model page starts from: the model (or a 404 page), the database and the URL's range
 * and version. The page's own loader checks the session first.
 */
export async function loadModelPage(params: PageParams, searchParams: SearchParams) {
  const name = decodePathSegmentOrNotFound((await params).name);
  const query = await readPageQuery(searchParams);
  const db = await getDatabase();
  const model = await foundOrNotFound(getModelOrThrow(db.prisma, name));
  const range = parseTimeRange(query);
  const version = pageVersionOrNotFound(query.version, model.versions);
  const carried = new URLSearchParams(
    Object.entries({ range: query.range, version: query.version }).filter(([, v]) => v) as [string, string][],
  ).toString();
  return { db, name, model, query, range, version, carried };
}
