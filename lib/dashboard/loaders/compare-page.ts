import "server-only";
import { notFound } from "next/navigation";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { pageVersionOrNotFound } from "../page-input";
import { compareVersions } from "./compare-versions";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";

/**
 * The compare page: versions `a` and `b` from the URL (a 404 page for one the model lacks). Without
 * them, production (else the newest) against the version before it, the comparison people ask for
 * before a promotion or after a rollback.
 */
export async function loadComparePage(params: PageParams, searchParams: SearchParams) {
  await requireDashboardSession();
  const { db, name, model, query, range } = await loadModelPage(params, searchParams);
  const numbers = model.versions.map((v) => v.version).sort((x, y) => y - x);
  const production = model.aliases.production as number | undefined;
  const b = pageVersionOrNotFound(query.b, model.versions) ?? production ?? numbers[0];
  if (b === undefined) notFound();
  const a = pageVersionOrNotFound(query.a, model.versions) ?? numbers.find((v) => v < b) ?? b;
  const comparison = await compareVersions(db, { model: name, a, b, from: range.from, to: range.to });
  return { name, range, versions: numbers, comparison };
}
