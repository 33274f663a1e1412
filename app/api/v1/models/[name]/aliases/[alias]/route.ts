// PUT /api/v1/models/:name/aliases/:alias — point an alias at a version; `production` is gated
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { aliasNameSchema } from "@/lib/registry/model-name";
import { moveAlias, moveAliasSchema } from "@/lib/registry/move-alias";

export const PUT = apiRoute<{ name: string; alias: string }>({ scope: "admin" }, async ({ db, params, request, actor }) => {
  const alias = parseOrThrow(aliasNameSchema, params.alias, "alias name");
  const input = parseOrThrow(moveAliasSchema, await readJsonBody(request, 64 * 1024), "alias move");
  return moveAlias(db.prisma, { name: params.name, alias, input, actor });
});
