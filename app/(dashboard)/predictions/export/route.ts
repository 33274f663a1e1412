// GET /predictions/export?… — CSV of a filtered range of the prediction log, streamed (dashboard session; two at a time per user)
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { assertUsableRequestText } from "@/lib/api/assert-usable-request-text";
import { errorResponse } from "@/lib/api/route-handler";
import { getDatabase } from "@/lib/db/get-database";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { predictionFilterSchema } from "@/lib/dashboard/prediction-filter";
import { exportPredictionsCsv } from "@/lib/prediction-log/export-predictions";

export async function GET(request: Request) {
  try {
    const session = await requireDashboardSession({ refuseWith: "Sign in to export predictions" });
    assertUsableRequestText(request, {});
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const range = parseTimeRange(params);
    const search = parseOrThrow(predictionFilterSchema, { ...params, from: range.from, to: range.to }, "export filter");
    const filename = `predictions-${range.from.toISOString().slice(0, 10)}-${range.to.toISOString().slice(0, 10)}.csv`;
    // The limit is per signed-in identity (the session's subject), so several sessions of one key share it.
    return exportPredictionsCsv((await getDatabase()).sql, { caller: session.sub, search, filename });
  } catch (error) {
    return errorResponse(error, request);
  }
}
