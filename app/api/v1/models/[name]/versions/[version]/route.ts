// GET /api/v1/models/:name/versions/:version — manifest, metrics, registration, gate verdict
import { apiRoute } from "@/lib/api/route-handler";
import { parseVersionParam } from "@/lib/registry/parse-version-param";
import { getModelVersionOrThrow } from "@/lib/registry/get-model-version-or-throw";

export const GET = apiRoute<{ name: string; version: string }>({ scope: "read" }, async ({ db, params }) =>
  getModelVersionOrThrow(db.prisma, params.name, parseVersionParam(params.version)),
);
