import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getDatabase } from "@/lib/db/get-database";
import { listModels } from "@/lib/registry/get-model-or-throw";
import { readPageQuery, type SearchParams } from "../page-input";
import { parseTimeRange } from "../time-range";
import { getTrafficByModel } from "./get-traffic";
import { loadModelHealth } from "./load-model-health";

/** The overview: every model with its traffic over the URL's range and its health at a glance. */
export async function loadOverviewPage(searchParams: SearchParams) {
  await requireDashboardSession();
  const range = parseTimeRange(await readPageQuery(searchParams));
  const db = await getDatabase();
  const [models, traffic, health] = await Promise.all([
    listModels(db),
    getTrafficByModel(db.sql, range),
    loadModelHealth(db.sql),
  ]);
  return { range, models, traffic, health };
}
