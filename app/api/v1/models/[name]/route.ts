// GET /api/v1/models/:name — versions, aliases and alias history
// PATCH /api/v1/models/:name — description and prediction-log mode (admin)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { getModelOrThrow } from "@/lib/registry/get-model-or-throw";
import { updateModel, updateModelSchema } from "@/lib/registry/update-model";

type Params = { name: string };

export const GET = apiRoute<Params>({ scope: "read" }, async ({ db, params }) => getModelOrThrow(db.prisma, params.name));

export const PATCH = apiRoute<Params>({ scope: "admin" }, async ({ db, params, request, actor }) => {
  const input = parseOrThrow(updateModelSchema, await readJsonBody(request, 64 * 1024), "model update");
  return updateModel(db.prisma, params.name, input, actor);
});
