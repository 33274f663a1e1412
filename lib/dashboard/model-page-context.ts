import "server-only";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { getDatabase } from "@/lib/db/get-database";
import { getModelOrThrow } from "@/lib/registry/get-model-or-throw";
import { parseTimeRange } from "./time-range";

/** What every model sub-page starts from: the model (or a 404 page), the database and the URL's range. */
export async function loadModelPage(params: Promise<{ name: string }>, searchParams: Promise<Record<string, string | undefined>>) {
  const name = decodeURIComponent((await params).name);
  const query = await searchParams;
  const db = await getDatabase();
  try {
    const model = await getModelOrThrow(db.prisma, name);
    const range = parseTimeRange(query);
    const version = query.version ? Number(query.version) : undefined;
    const carried = new URLSearchParams(Object.entries({ range: query.range, version: query.version }).filter(([, v]) => v) as [string, string][]).toString();
    return { db, name, model, query, range, version, carried };
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
}
