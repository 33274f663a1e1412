import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CliError } from "./cli-error";
import { registerModel } from "./register-model";

const USAGE = "Usage: tidemark register --model FILE.onnx --manifest FILE.json --name NAME [--server URL --key KEY]";

export async function runRegisterCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: "string" },
      manifest: { type: "string" },
      name: { type: "string" },
      server: { type: "string" },
      key: { type: "string" },
    },
  });
  if (!values.model || !values.manifest || !values.name) throw new CliError(USAGE);
  if (Boolean(values.server) !== Boolean(values.key)) throw new CliError(`--server and --key go together.\n${USAGE}`);
  const onnx = readFile(values.model, "--model");
  const manifestText = readFile(values.manifest, "--manifest").toString("utf8");
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

function readFile(file: string, flag: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CliError(
      `${flag} ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
}
