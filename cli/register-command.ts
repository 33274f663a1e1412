import path from "node:path";
import { CliError } from "./cli-error";
import { type CommandSpec, type OptionValues, parseCommand, usageError, usageOf } from "./command-spec";
import { printRegistration, registerModel } from "./register-model";
import { inferAndRegister } from "./register/infer-and-register";
import { readFileOrExit } from "./register/read-file-or-exit";

export const REGISTER_COMMAND = {
  name: "register",
  summary: "Register a model version (an ONNX file, or monitor-only for a model served elsewhere) in the registry.",
  usage: [
    "register --model FILE.onnx --reference train.csv --target COL --task T --name NAME [--test test.csv] [...]",
    "register --reference train.csv --target COL --task T --name NAME [...]",
    "register --model FILE.onnx --manifest FILE.json --name NAME [--server URL --key KEY]",
  ],
  options: {
    name: { type: "string", value: "NAME", description: "the model's name in the registry; required" },
    model: { type: "string", value: "FILE.onnx", description: "the ONNX file (without it: a monitor-only version)" },
    reference: {
      type: "string",
      value: "FILE",
      description: "training data (CSV or JSON lines) to infer the manifest and reference profile from",
    },
    test: { type: "string", value: "FILE", description: "held-out data to record the model's test metrics from" },
    target: { type: "string", value: "COL", description: "the column the model predicts (with --reference)" },
    task: { type: "string", value: "T", description: "binary, multiclass or regression (with --reference)" },
    metric: { type: "string", value: "M", description: "the primary metric of the promotion gate (with --deploy-threshold)" },
    "deploy-threshold": {
      type: "string",
      value: "X",
      description: "the test value of --metric a version must reach for production",
    },
    classes: { type: "string", value: "a,b,…", description: "the class labels in the model's output order (default: inferred)" },
    exclude: { type: "string", value: "COL,…", description: "columns of the reference file that are not model inputs" },
    manifest: {
      type: "string",
      value: "FILE.json",
      description: "with --reference: a partial manifest whose fields win; alone: the complete manifest",
    },
    "dry-run": { type: "boolean", description: "infer and write manifest.json, register nothing" },
    server: { type: "string", value: "URL", description: "register on this server instead of the local database (with --key)" },
    key: { type: "string", value: "KEY", description: "an admin API key of that server" },
  },
  notes: [
    "With --reference the inferred manifest is written as manifest.json beside the model (or the data) for review.",
    "A file identical to an existing version's (same sha256) is registered as a new version only with a changed manifest; the command names the version it matches.",
  ],
  examples: [
    "tidemark register --model model.onnx --reference train.csv --test test.csv --target churned --task binary --name churn --metric auc --deploy-threshold 0.8",
    "tidemark register --model model.onnx --manifest manifest.json --name churn --server https://tidemark.example.com --key $ADMIN_KEY",
  ],
} as const satisfies CommandSpec;

type RegisterValues = OptionValues<typeof REGISTER_COMMAND.options>;

export async function runRegisterCommand(args: string[]): Promise<void> {
  const parsed = parseCommand(REGISTER_COMMAND, args);
  if (!parsed) return;
  const { values } = parsed;
  if (!values.name) throw usageError(REGISTER_COMMAND, "--name is required.");
  if (Boolean(values.server) !== Boolean(values.key)) throw usageError(REGISTER_COMMAND, "--server and --key go together.");
  if (values.reference !== undefined) return inferAndRegister({ ...values, name: values.name, usage: usageOf(REGISTER_COMMAND) });
  return registerWithManifest({ ...values, name: values.name });
}

async function registerWithManifest(values: RegisterValues & { name: string }) {
  if (!values.model || !values.manifest)
    throw usageError(REGISTER_COMMAND, "Give --reference (to infer the manifest), or --model with a complete --manifest.");
  const onnx = readFileOrExit(values.model, "--model");
  const manifestText = readFileOrExit(values.manifest, "--manifest").toString("utf8");
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch (error) {
    throw new CliError(`--manifest ${values.manifest} is not valid JSON: ${(error as Error).message}`);
  }

  const result = await registerModel({
    name: values.name,
    onnx,
    manifest,
    manifestText,
    fileName: path.basename(values.model),
    server: values.server,
    key: values.key,
  });
  printRegistration(result, values);
}
