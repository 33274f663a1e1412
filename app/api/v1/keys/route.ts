// GET /api/v1/keys — API keys without their secrets (admin)
// POST /api/v1/keys — create a key; the response holds the secret, shown this once (admin)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { createApiKey, createKeySchema, listApiKeys } from "@/lib/auth/manage-api-keys";

export const GET = apiRoute({ scope: "admin" }, async ({ db }) => ({ keys: await listApiKeys(db) }));

export const POST = apiRoute({ scope: "admin" }, async ({ db, request, actor }) => {
  const input = parseOrThrow(createKeySchema, await readJsonBody(request, 16 * 1024), "API key");
  const created = await createApiKey(db.prisma, input, actor);
  return Response.json(created, { status: 201 });
});
