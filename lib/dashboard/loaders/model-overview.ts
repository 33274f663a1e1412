import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getDatabase } from "@/lib/db/get-database";
import { listModelVersionDetails } from "@/lib/registry/get-model-version-or-throw";
import { getTrafficPolicy } from "@/lib/registry/traffic-policy-store";
import { getTrafficByModel } from "./get-traffic";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";

/**
 * The model page: the model, every version with its test metric and gate verdict (one query for
 * all of them), the selected version (the URL's, else production, else the newest), its traffic,
 * production's rollout (shadow, canary, A/B) if any, and whether the signed-in user may promote.
 */
export async function loadModelOverview(params: PageParams, searchParams: SearchParams) {
  const session = await requireDashboardSession();
  const { name, model, query, range, version: chosen, carried } = await loadModelPage(params, searchParams);
  const db = await getDatabase();
  const production = model.aliases.production as number | undefined;
  const selected = chosen ?? production ?? model.versions[0]?.version;
  const [details, traffic, rollout] = await Promise.all([
    listModelVersionDetails(db, name),
    getTrafficByModel(db.sql, range, name),
    getTrafficPolicy(db, name, "production"),
  ]);
  const detailOf = new Map(details.map((d) => [d.version, d]));
  const version = selected === undefined ? null : (detailOf.get(selected) ?? null);
  const versions = model.versions.flatMap((v) => {
    const detail = detailOf.get(v.version);
    return detail ? [{ ...v, detail }] : [];
  });
  return {
    name,
    model,
    query,
    range,
    carried,
    production,
    version,
    versions,
    traffic: traffic.get(name) ?? [],
    rollout,
    canPromote: session.role === "admin",
  };
}

export type ModelOverview = Awaited<ReturnType<typeof loadModelOverview>>;
