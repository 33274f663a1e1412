// POST /api/v1/models/:name/versions — register a version (multipart: manifest = JSON, model = ONNX file;
// without model the version is monitor-only, for a model served elsewhere)
import { apiRoute } from "@/lib/api/route-handler";
import { readRegistrationForm } from "@/lib/registry/read-registration-form";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { getConfig } from "@/lib/config/load-config";

export const POST = apiRoute<{ name: string }>({ scope: "admin" }, async ({ db, params, request, caller }) => {
  const maxBytes = getConfig().TIDEMARK_MAX_MODEL_MB * 1024 * 1024;
  const form = await readRegistrationForm(request, maxBytes);
  const version = await registerModelVersion(db, { modelName: params.name, ...form, actor: `key:${caller.name}`, maxBytes });
  return Response.json(version, { status: 201 });
});
