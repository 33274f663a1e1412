import "server-only";
import type { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import type { Caller } from "@/lib/auth/authenticate";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import type { LogMode } from "@/lib/prediction-log/prediction-row";
import type { MicroBatchSettings } from "@/lib/inference/micro-batch";
import { predict, type PredictResponse } from "@/lib/serving/predict";
import { resolveServingTarget, type ServingSelector } from "@/lib/serving/resolve-serving-target";
import { inferRequestSchema } from "./infer-request-schema";
import { tensorsToRecords } from "./tensors-to-records";
import type { v2InferResponseSchema, V2OutputTensor } from "./response-schemas";

export type InferOptions = {
  modelName: string;
  selector: ServingSelector;
  body: unknown;
  caller: Caller;
  maxRecords: number;
  defaultLogMode: LogMode;
  batching: MicroBatchSettings;
};

/**
 * An Open Inference Protocol request run through predict itself, so it is authenticated,
 * validated, logged and monitored exactly as /api/v1/…/predict; only the envelope differs.
 */
export async function infer(db: Database, options: InferOptions): Promise<z.infer<typeof v2InferResponseSchema>> {
  const request = parseOrThrow(inferRequestSchema, options.body, "inference request");
  const target = await resolveServingTarget(db, options.modelName, options.selector);
  const inputs = tensorsToRecords(target.manifest.features, request.inputs);
  const entityIds = request.parameters?.entity_ids;
  const classes = target.manifest.outputs.classes;
  // Checked before predict runs, so a request that cannot be answered is not logged.
  checkRequestedOutputs(outputNames(classes), request.outputs);
  const { body } = await predict(db, {
    modelName: options.modelName,
    // The version just resolved, so an alias moved in between cannot mix versions.
    selector: { version: target.version },
    body: entityIds === undefined ? { inputs } : { inputs, entityIds },
    caller: options.caller,
    maxRecords: options.maxRecords,
    defaultLogMode: options.defaultLogMode,
    batching: options.batching,
  });
  const tensors = outputTensors(body, classes);
  const outputs = request.outputs ? request.outputs.map(({ name }) => tensors.find((t) => t.name === name)!) : tensors;
  return {
    model_name: body.model,
    model_version: String(body.version),
    ...(request.id !== undefined ? { id: request.id } : {}),
    ...(entityIds !== undefined ? { parameters: { entity_ids: entityIds } } : {}),
    outputs,
  };
}

function outputTensors(body: PredictResponse, classes: string[] | undefined): V2OutputTensor[] {
  const rows = body.predictions.length;
  const tensors: V2OutputTensor[] = [];
  if (classes) {
    tensors.push({
      name: "label",
      datatype: "BYTES",
      shape: [rows],
      data: body.predictions.map((p) => ("label" in p ? p.label : null)),
    });
    tensors.push({
      name: "probabilities",
      datatype: "FP32",
      shape: [rows, classes.length],
      data: body.predictions.flatMap((p) => classes.map((c) => ("probabilities" in p ? p.probabilities[c] : null))),
      parameters: { classes },
    });
  } else {
    tensors.push({
      name: "value",
      datatype: "FP32",
      shape: [rows],
      data: body.predictions.map((p) => ("value" in p ? p.value : null)),
    });
  }
  tensors.push({ name: "prediction_id", datatype: "BYTES", shape: [rows], data: body.predictions.map((p) => p.predictionId) });
  return tensors;
}

export const outputNames = (classes: string[] | undefined) =>
  classes ? ["label", "probabilities", "prediction_id"] : ["value", "prediction_id"];

function checkRequestedOutputs(names: string[], requested: { name: string }[] | undefined): void {
  for (const { name } of requested ?? []) {
    if (!names.includes(name)) throw new ApiError("bad_request", `unknown output "${name}"; the model gives ${names.join(", ")}`);
  }
}
