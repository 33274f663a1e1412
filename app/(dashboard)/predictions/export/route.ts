// GET /predictions/export?… — CSV of a filtered range of the prediction log, streamed (dashboard session; two at a time per user)
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { assertUsableRequestText } from "@/lib/api/assert-usable-request-text";
import { errorResponse } from "@/lib/api/route-handler";
import { exportFilteredPredictions } from "@/lib/dashboard/loaders/prediction-export";

export async function GET(request: Request) {
  try {
    const session = await requireDashboardSession({ refuseWith: "Sign in to export predictions" });
    assertUsableRequestText(request, {});
    return await exportFilteredPredictions(Object.fromEntries(new URL(request.url).searchParams), session.sub);
  } catch (error) {
    return errorResponse(error, request);
  }
}
