// `tidemark register --reference …`: infers the manifest from the data (and the model, when given),
// prints what it inferred, writes manifest.json for review, and registers the version.

import fs from "node:fs";
import path from "node:path";
import { taskSchema } from "@/lib/core/manifest/manifest-schema";
import { ManifestInferenceError } from "@/lib/registry/infer-manifest/inference-error";
import { inferManifest, type InferredManifest } from "@/lib/registry/infer-manifest/infer-manifest";
import { CliError } from "../cli-error";
import { printRegistration, registerModel } from "../register-model";
import { describeInference } from "./describe-inference";
import { readFileOrExit } from "./read-file-or-exit";

export type InferAndRegisterOptions = {
  name: string;
  usage: string;
  model?: string;
  manifest?: string;
  reference?: string;
  test?: string;
  target?: string;
  task?: string;
  metric?: string;
  "deploy-threshold"?: string;
  classes?: string;
  exclude?: string;
  "dry-run"?: boolean;
  server?: string;
  key?: string;
};

export async function inferAndRegister(o: InferAndRegisterOptions): Promise<void> {
  if (!o.target) throw new CliError(`--target is required with --reference: the column the model predicts.\n${o.usage}`);
  const task = taskSchema.safeParse(o.task);
  if (!task.success) throw new CliError(`--task must be binary, multiclass or regression.\n${o.usage}`);
  if ((o.metric === undefined) !== (o["deploy-threshold"] === undefined))
    throw new CliError("--metric and --deploy-threshold go together: the metric and the value a version must reach");
  const deployThreshold = o["deploy-threshold"] === undefined ? undefined : Number(o["deploy-threshold"]);
  if (deployThreshold !== undefined && !Number.isFinite(deployThreshold))
    throw new CliError(`--deploy-threshold ${o["deploy-threshold"]} is not a number`);
  const modelBytes = o.model ? readFileOrExit(o.model, "--model") : undefined;
  const partial = o.manifest ? readPartial(o.manifest) : undefined;

  let inferred: InferredManifest;
  try {
    inferred = await inferManifest({
      reference: o.reference!,
      test: o.test,
      target: o.target,
      task: task.data,
      classes: list(o.classes),
      exclude: list(o.exclude),
      metric: o.metric,
      deployThreshold,
      partial,
      model: o.model && modelBytes ? { bytes: modelBytes, file: o.model } : undefined,
    });
  } catch (error) {
    if (error instanceof ManifestInferenceError) throw new CliError(`${error.message}\nNothing was registered.`, 1);
    throw error;
  }
  const out = manifestPath(o);
  const text = `${JSON.stringify(inferred.manifest, null, 2)}\n`;
  fs.writeFileSync(out, text);
  console.log(describeInference(inferred, { monitorOnly: !o.model }));
  console.log(`\nWrote ${out} (review it; pass edits back with --manifest).`);
  if (o["dry-run"]) {
    console.log("Dry run: nothing was registered.");
    return;
  }
  const result = await registerModel({
    name: o.name,
    onnx: modelBytes,
    manifest: inferred.manifest,
    manifestText: text,
    fileName: o.model ? path.basename(o.model) : undefined,
    server: o.server,
    key: o.key,
  });
  printRegistration(result, o);
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new CliError(`"${value}" has an empty entry; separate names with commas`);
  return items;
}

function readPartial(file: string): unknown {
  try {
    return JSON.parse(readFileOrExit(file, "--manifest").toString("utf8"));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`--manifest ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** manifest.json beside the model (or the reference file), never over the --manifest given as input. */
function manifestPath(o: InferAndRegisterOptions): string {
  const out = path.join(path.dirname(o.model ?? o.reference!), "manifest.json");
  return o.manifest && path.resolve(o.manifest) === path.resolve(out) ? out.replace(/\.json$/, ".inferred.json") : out;
}
