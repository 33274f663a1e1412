import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getConfigOrExit } from "@/lib/config/load-config";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { CliError, describeApiError } from "./cli-error";
import { localActor, withLocalDatabase } from "./local-database";

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

  const result = values.server
    ? await registerOverHttp({ server: values.server, key: values.key!, name: values.name, onnx, manifestText, fileName: path.basename(values.model) })
    : await withLocalDatabase((db) =>
        registerModelVersion(db, {
          modelName: values.name!,
          onnx,
          manifest,
          actor: localActor(),
          maxBytes: getConfigOrExit().TIDEMARK_MAX_MODEL_MB * 1024 * 1024,
        }),
      );
  console.log(`Registered ${result.model} version ${result.version} (sha256 ${result.sha256.slice(0, 12)}…).`);
}

function readFile(file: string, flag: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}

async function registerOverHttp(options: { server: string; key: string; name: string; onnx: Buffer; manifestText: string; fileName: string }) {
  const form = new FormData();
  form.set("model", new Blob([new Uint8Array(options.onnx)], { type: "application/octet-stream" }), options.fileName);
  form.set("manifest", options.manifestText);
  const url = new URL(`/api/v1/models/${encodeURIComponent(options.name)}/versions`, options.server);
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${options.key}` }, body: form });
  } catch (error) {
    throw new CliError(`Could not reach ${url.origin}: ${(error as Error).message}`, 1);
  }
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown[] } } | null;
  if (!response.ok) {
    throw new CliError(body?.error ? describeApiError(body.error) : `The server answered ${response.status}`, 1);
  }
  return body as { model: string; version: number; sha256: string };
}
