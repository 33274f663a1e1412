import { z } from "zod";
import { aliasNameSchema, modelNameSchema } from "@/lib/registry/model-name";
import { moveAliasSchema } from "@/lib/registry/move-alias";
import { trafficPolicySchema } from "@/lib/registry/traffic-policy-schema";
import { updateModelSchema } from "@/lib/registry/update-model";
import { registrationFormSchema } from "@/lib/registry/registration-form-schema";
import {
  aliasMoveResultSchema,
  modelDetailSchema,
  modelListSchema,
  modelUpdateResultSchema,
  trafficPolicyEndResultSchema,
  trafficPolicyReadSchema,
  trafficPolicySetResultSchema,
  versionDetailSchema,
  registrationResultSchema,
} from "@/lib/registry/response-schemas";
import type { ApiOperation } from "../api-operation";
import { modelParam, modelPath } from "../path-params";

const tag = "Models";
const versionPath = z.object({ name: modelParam, version: z.string().regex(/^\d+$/).describe("The version number") });

export const modelOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/models",
    operationId: "listModels",
    summary: "Every registered model with its aliases",
    tag,
    scope: "read",
    responses: { 200: { description: "The models, by name", body: { name: "ModelList", schema: modelListSchema } } },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}",
    operationId: "getModel",
    summary: "A model: its versions, aliases and alias history",
    tag,
    scope: "read",
    pathParams: modelPath,
    responses: { 200: { description: "The model", body: { name: "Model", schema: modelDetailSchema } } },
    errors: { 404: "No model with this name" },
  },
  {
    method: "patch",
    path: "/api/v1/models/{name}",
    operationId: "updateModel",
    summary: "Change a model's description or prediction-log mode",
    description: "`logMode: null` returns the model to the server-wide TIDEMARK_LOG_MODE. Audited.",
    tag,
    scope: "admin",
    pathParams: modelPath,
    body: { name: "ModelUpdate", schema: updateModelSchema },
    responses: {
      200: { description: "The model as changed", body: { name: "ModelUpdateResult", schema: modelUpdateResultSchema } },
    },
    errors: { 404: "No model with this name", 422: "Invalid change, naming the field" },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/versions",
    operationId: "registerVersion",
    summary: "Register a version: an ONNX file and its manifest",
    description:
      "Multipart form: `model` (the ONNX file) and `manifest` (JSON). Everything is checked before anything is stored: " +
      "the manifest, that ONNX Runtime loads the file, and that its inputs and outputs match the manifest. " +
      "The first version creates the model. A file byte-identical to an earlier version's still makes a new version " +
      "(a version is a file and its manifest); `sameFileAs` names that earlier version and whether the manifest changed.",
    tag,
    scope: "admin",
    pathParams: z.object({ name: modelNameSchema.describe("The model's name (created with the first version)") }),
    body: {
      name: "RegistrationForm",
      schema: registrationFormSchema,
      contentType: "multipart/form-data",
      partTypes: { model: "application/octet-stream", manifest: "application/json" },
    },
    responses: {
      201: { description: "The registered version", body: { name: "RegistrationResult", schema: registrationResultSchema } },
    },
    errors: {
      400: "The multipart body could not be parsed",
      409: "The model exists with another task",
      413: "The file is over TIDEMARK_MAX_MODEL_MB",
      415: "Not multipart/form-data",
      422: "Invalid manifest or model file, naming the field",
    },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/versions/{version}",
    operationId: "getVersion",
    summary: "A version: manifest, metrics, registration and the production gate's verdict",
    tag,
    scope: "read",
    pathParams: versionPath,
    responses: { 200: { description: "The version", body: { name: "VersionDetail", schema: versionDetailSchema } } },
    errors: { 404: "No such model or version" },
  },
  {
    method: "put",
    path: "/api/v1/models/{name}/aliases/{alias}",
    operationId: "moveAlias",
    summary: "Point an alias at a version; `production` is gated",
    description:
      "Moving `production` requires the version to pass the promotion gate (its test metric reaches the deploy " +
      "threshold and beats every baseline), unless `force: true` with a reason. Audited, with the verdict.",
    tag,
    scope: "admin",
    pathParams: z.object({ name: modelParam, alias: aliasNameSchema.describe("e.g. production, staging") }),
    body: { name: "AliasMove", schema: moveAliasSchema },
    responses: { 200: { description: "The move", body: { name: "AliasMoveResult", schema: aliasMoveResultSchema } } },
    errors: {
      404: "No such model or version",
      409: "gate_failed: the version does not pass the production gate; details list the failed rules",
      422: "Invalid alias name or body",
    },
  },
  ...trafficOperations(),
];

function trafficOperations(): ApiOperation[] {
  const path = "/api/v1/models/{name}/aliases/{alias}/traffic";
  const pathParams = z.object({ name: modelParam, alias: aliasNameSchema.describe("e.g. production") });
  return [
    {
      method: "get",
      path,
      operationId: "getTrafficPolicy",
      summary: "The alias's rollout: shadow, canary or A/B challenger, or none",
      tag,
      scope: "read",
      pathParams,
      responses: {
        200: { description: "The policy, or null", body: { name: "TrafficPolicyRead", schema: trafficPolicyReadSchema } },
      },
      errors: { 404: "No such model", 422: "Invalid alias name" },
    },
    {
      method: "put",
      path,
      operationId: "setTrafficPolicy",
      summary: "Start or change a rollout on an alias",
      description:
        "`shadow`: the challenger runs on every request after the answer, off the caller's path; its predictions are logged " +
        "under its version with source `shadow`, paired with the champion's. `canary`: it answers `percent` % of requests " +
        "(sticky per first entity id when given, else random). `ab`: it answers the requests whose first entity id hashes " +
        "into `percent` %; requests without one get the champion. Canary and A/B require the challenger to pass the " +
        "promotion gate unless `force: true` with a reason. Audited.",
      tag,
      scope: "admin",
      pathParams,
      body: { name: "TrafficPolicy", schema: trafficPolicySchema },
      responses: {
        200: { description: "The policy", body: { name: "TrafficPolicySetResult", schema: trafficPolicySetResultSchema } },
      },
      errors: {
        404: "No such model or version",
        409: "The alias does not exist, the challenger is monitor-only, or gate_failed (details list the failed rules)",
        422: "Invalid alias name or body (percent 1–99 for canary/ab, none for shadow; challenger equal to the champion)",
      },
    },
    {
      method: "delete",
      path,
      operationId: "endTrafficPolicy",
      summary: "End the alias's rollout: its version answers alone again",
      tag,
      scope: "admin",
      pathParams,
      responses: {
        200: { description: "The policy that ended", body: { name: "TrafficPolicyEnd", schema: trafficPolicyEndResultSchema } },
      },
      errors: { 404: "No such model, or the alias has no rollout", 422: "Invalid alias name" },
    },
  ];
}
