import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getDatabase } from "@/lib/db/get-database";
import { getPredictionOrThrow } from "@/lib/prediction-log/get-prediction-or-throw";
import { getOperatingThresholds } from "@/lib/registry/get-operating-thresholds";
import { decodePathSegmentOrNotFound, foundOrNotFound } from "../page-input";

/** One logged prediction with its outcome and, for a binary model, the threshold that decided it; or the not-found page. */
export async function loadPredictionPage(params: Promise<{ id: string }>) {
  await requireDashboardSession();
  const { id } = await params;
  const db = await getDatabase();
  const prediction = await foundOrNotFound(getPredictionOrThrow(db.sql, decodePathSegmentOrNotFound(id)));
  const thresholds = await getOperatingThresholds(db.sql, [{ model: prediction.model, version: prediction.version }]);
  return {
    prediction,
    operating: thresholds.get(`${prediction.model}@${prediction.version}`) ?? null,
    features: Object.entries((prediction.features ?? {}) as Record<string, unknown>),
  };
}
