import path from "node:path";
import { parseArgs } from "node:util";
import { CliError } from "./cli-error";
import { registerModel } from "./register-model";
import { inferAndRegister } from "./register/infer-and-register";
import { readFileOrExit } from "./register/read-file-or-exit";

const USAGE = `Usage:
  tidemark register --model FILE.onnx --reference train.csv --target COLUMN --task binary|multiclass|regression --name NAME
                    [--test test.csv] [--metric M --deploy-threshold X] [--classes a,b,…] [--exclude COL,…]
                    [--manifest partial.json] [--dry-run] [--server URL --key KEY]
      infer the manifest from the data (and the model), write manifest.json beside the model, register
  tidemark register --reference train.csv --target COLUMN --task T --name NAME [...]
      without --model: a monitor-only version, for a model served elsewhere (send its predictions to
      POST /api/v1/models/NAME/predictions)
  tidemark register --model FILE.onnx --manifest FILE.json --name NAME [--server URL --key KEY]
      register with a complete, hand-written manifest`;

export async function runRegisterCommand(args: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseRegisterArgs>;
  try {
    parsed = parseRegisterArgs(args);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.name) throw new CliError(`--name is required.\n${USAGE}`);
  if (Boolean(values.server) !== Boolean(values.key)) throw new CliError(`--server and --key go together.\n${USAGE}`);
  if (values.reference !== undefined) return inferAndRegister({ ...values, name: values.name, usage: USAGE });
  return registerWithManifest({ ...values, name: values.name });
}

function parseRegisterArgs(args: string[]) {
  return parseArgs({
    args,
    options: {
      model: { type: "string" },
      manifest: { type: "string" },
      name: { type: "string" },
      server: { type: "string" },
      key: { type: "string" },
      reference: { type: "string" },
      test: { type: "string" },
      target: { type: "string" },
      task: { type: "string" },
      metric: { type: "string" },
      "deploy-threshold": { type: "string" },
      classes: { type: "string" },
      exclude: { type: "string" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
}

async function registerWithManifest(values: ReturnType<typeof parseRegisterArgs>["values"] & { name: string }) {
  if (!values.model || !values.manifest)
    throw new CliError(`Give --reference (to infer the manifest), or --model with a complete --manifest.\n${USAGE}`);
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
  console.log(`Registered ${result.model} version ${result.version} (sha256 ${result.sha256?.slice(0, 12)}…).`);
}
