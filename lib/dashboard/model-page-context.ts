import "server-only";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/core/errors";
import { getDatabase } from "@/lib/db/get-database";
import { getModelOrThrow } from "@/lib/registry/get-model-or-throw";
import { decodePathSegmentOrNotFound, pageVersionOrNotFound, readPageQuery } from "./page-input";
import { parseTimeRange } from "./time-range";

/** What every model sub-page starts from: the model (or a 404 page), the database and the URL's range. */
export async function loadModelPage(
  params: Promise<{ name: string }>,
  searchParams: Promise<Record<string, string | string[] | undefined>>,
) {
  const name = decodePathSegmentOrNotFound((await params).name);
  const query = await readPageQuery(searchParams);
  const db = await getDatabase();
  let model;
  try {
    model = await getModelOrThrow(db.prisma, name);
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
  const range = parseTimeRange(query);
  const version = pageVersionOrNotFound(query.version, model.versions);
  const carried = new URLSearchParams(
    Object.entries({ range: query.range, version: query.version }).filter(([, v]) => v) as [string, string][],
  ).toString();
  return { db, name, model, query, range, version, carried };
}
