// GET /api/v1/predictions/:id — one logged prediction with its inputs and output
import { apiRoute } from "@/lib/api/route-handler";
import { getPredictionOrThrow } from "@/lib/prediction-log/get-prediction-or-throw";

export const GET = apiRoute<{ id: string }>({ scope: "read" }, async ({ db, params }) => getPredictionOrThrow(db.sql, params.id));
