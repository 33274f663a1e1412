// POST /api/v1/models/:name/predict — run the model on 1..N records and log every prediction.
// `npm start` answers this path in its data plane without Next.js; this route serves `next dev`.
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getConfig } from "@/lib/config/load-config";
import { handlePredict } from "@/lib/serving/predict-handler";

export const POST = apiRoute<{ name: string }>({ scope: "predict" }, (ctx) =>
  handlePredict(ctx, () => readJsonBody(ctx.request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024)),
);
