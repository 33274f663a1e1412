// GET /predictions/export?… — CSV of a filtered range of the prediction log, streamed (dashboard session)
import { cookies } from "next/headers";
import { SESSION_COOKIE } from "@/lib/auth/dashboard-session";
import { getSessionSecret } from "@/lib/auth/session-secret";
import { verifySession } from "@/lib/auth/session-token";
import { ApiError } from "@/lib/api/errors";
import { parseOrThrow } from "@/lib/api/read-json-body";
import { assertUsableRequestText } from "@/lib/api/assert-usable-request-text";
import { errorResponse } from "@/lib/api/route-handler";
import { getDatabase } from "@/lib/db/get-database";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { predictionFilterSchema } from "@/lib/dashboard/prediction-filter";
import { predictionsCsvStream } from "@/lib/predictionLog/predictions-csv";

export async function GET(request: Request) {
  try {
    if (!verifySession((await cookies()).get(SESSION_COOKIE)?.value, getSessionSecret())) {
      throw new ApiError("unauthorized", "Sign in to export predictions");
    }
    assertUsableRequestText(request, {});
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const range = parseTimeRange(params);
    const search = parseOrThrow(predictionFilterSchema, { ...params, from: range.from, to: range.to }, "export filter");
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
