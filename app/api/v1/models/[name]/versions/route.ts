// POST /api/v1/models/:name/versions — register a version (multipart: manifest = JSON, model = ONNX file;
// without model the version is monitor-only, for a model served elsewhere)
import { apiRoute } from "@/lib/api/route-handler";
import { readRegistrationForm } from "@/lib/registry/read-registration-form";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { getConfig } from "@/lib/config/load-config";
import { DEFAULT_PROJECT_ID } from "@/lib/core/access/default-project";

export const POST = apiRoute<{ name: string }>({ scope: "admin" }, async ({ db, params, request, actor, caller, projectId }) => {
  const maxBytes = getConfig().TIDEMARK_MAX_MODEL_MB * 1024 * 1024;
  const form = await readRegistrationForm(request, maxBytes);
  const version = await registerModelVersion(db, {
    modelName: params.name,
    ...form,
    actor,
    maxBytes,
    // An existing model stays where it is; a new one goes to the key's project (an instance key's: default).
    projectId: projectId ?? caller.projectId ?? DEFAULT_PROJECT_ID,
  });
  return Response.json(version, { status: 201 });
});
