// GET /api/v1/models — every registered model with its aliases
import { apiRoute } from "@/lib/api/route-handler";
import { listModels } from "@/lib/registry/get-model-or-throw";

export const GET = apiRoute({ scope: "read" }, async ({ db }) => ({ models: await listModels(db) }));
