import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getDatabase } from "@/lib/db/get-database";
import { getPredictionOrThrow } from "@/lib/prediction-log/get-prediction-or-throw";
import { getOperatingThresholds } from "@/lib/registry/get-operating-thresholds";
import { decodePathSegmentOrNotFound, foundOrNotFound, readPageQuery, type SearchParams } from "../page-input";
import { explainLoggedPrediction } from "./prediction-explanation";

/**
 * One logged prediction with its outcome and, for a binary model, the threshold that decided it; or
 * the not-found page. With `?explain=`, its attributions too.
 */
export async function loadPredictionPage(params: Promise<{ id: string }>, searchParams?: SearchParams) {
  await requireDashboardSession();
  const { id } = await params;
  // ?explain=probability|margin: the reader asked for the attributions (they cost many model runs).
  const asked = searchParams ? (await readPageQuery(searchParams)).explain : undefined;
  const space = asked === "probability" || asked === "margin" ? asked : null;
  const db = await getDatabase();
  const prediction = await foundOrNotFound(getPredictionOrThrow(db.sql, decodePathSegmentOrNotFound(id)));
  const thresholds = await getOperatingThresholds(db.sql, [{ model: prediction.model, version: prediction.version }]);
  return {
    prediction,
    operating: thresholds.get(`${prediction.model}@${prediction.version}`) ?? null,
    features: Object.entries((prediction.features ?? {}) as Record<string, unknown>),
    explanation: space ? { space, ...(await explainLoggedPrediction(db, prediction, space)) } : null,
  };
}
