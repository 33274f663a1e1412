// GET|PUT|DELETE /api/v1/models/:name/aliases/:alias/traffic — the alias's rollout (shadow, canary, A/B)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { aliasNameSchema } from "@/lib/registry/model-name";
import { trafficPolicySchema } from "@/lib/registry/traffic-policy-schema";
import { clearTrafficPolicy, getTrafficPolicy, setTrafficPolicy } from "@/lib/registry/traffic-policy-store";

type Params = { name: string; alias: string };

export const GET = apiRoute<Params>({ scope: "read" }, async ({ db, params }) => {
  const alias = parseOrThrow(aliasNameSchema, params.alias, "alias name");
  return { policy: await getTrafficPolicy(db, params.name, alias) };
});

export const PUT = apiRoute<Params>({ scope: "admin" }, async ({ db, params, request, actor }) => {
  const alias = parseOrThrow(aliasNameSchema, params.alias, "alias name");
  const input = parseOrThrow(trafficPolicySchema, await readJsonBody(request, 64 * 1024), "traffic policy");
  return setTrafficPolicy(db, { name: params.name, alias, input, actor });
});

export const DELETE = apiRoute<Params>({ scope: "admin" }, async ({ db, params, actor }) => {
  const alias = parseOrThrow(aliasNameSchema, params.alias, "alias name");
  return clearTrafficPolicy(db, { name: params.name, alias, actor });
});
