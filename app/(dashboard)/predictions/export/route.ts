// GET /predictions/export?… — CSV of a filtered range of the prediction log, streamed (dashboard session)
import { currentSession } from "@/lib/auth/dashboard-session";
import { ApiError } from "@/lib/api/errors";
import { parseOrThrow } from "@/lib/api/read-json-body";
import { errorResponse } from "@/lib/api/route-handler";
import { getDatabase } from "@/lib/db/get-database";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { predictionSearchSchema } from "@/lib/predictionLog/search-predictions";
import { predictionsCsvStream } from "@/lib/predictionLog/predictions-csv";

export async function GET(request: Request) {
  try {
    if (!(await currentSession())) {
      throw new ApiError("unauthorized", "Sign in to export predictions");
    }
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const range = parseTimeRange(params);
    const search = parseOrThrow(predictionSearchSchema, { ...params, from: range.from, to: range.to }, "export filter");
    const db = await getDatabase();
    return new Response(predictionsCsvStream(db.sql, search), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="predictions-${range.from.toISOString().slice(0, 10)}-${range.to.toISOString().slice(0, 10)}.csv"`,
      },
    });
  } catch (error) {
    return errorResponse(error, request);
  }
}
