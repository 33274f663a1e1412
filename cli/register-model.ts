// Registration shared by `tidemark register` and `tidemark train --register`: to the local database
// (DATABASE_URL or the embedded one), or over HTTP to a running server with an admin key.
import { projectOfModel } from "@/lib/projects/model-project";
import { DEFAULT_PROJECT_ID } from "@/lib/core/access/default-project";
import { getConfigOrExit } from "@/lib/config/load-config";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { CliError, describeApiError } from "./cli-error";
import { localActor, withLocalDatabase } from "./local-database";
import { cliCommand } from "./next-step";

export type RegisterModelOptions = {
  name: string;
  /** Absent: a monitor-only version (the model is served elsewhere). */
  onnx?: Uint8Array;
  manifest: unknown;
  /** The manifest as sent over HTTP; defaults to JSON.stringify(manifest). */
  manifestText?: string;
  fileName?: string;
  server?: string;
  key?: string;
};

export type Registration = {
  model: string;
  version: number;
  sha256: string | null;
  monitorOnly: boolean;
  sameFileAs: { version: number; manifestChanged: boolean } | null;
};

/** The one account of a registration: the version, a repeated file, and the next step. */
export function printRegistration(result: Registration, target: { server?: string }): void {
  console.log(
    result.monitorOnly
      ? `Registered ${result.model} version ${result.version} as monitor-only: send its predictions to POST /api/v1/models/${result.model}/predictions.`
      : `Registered ${result.model} version ${result.version} (sha256 ${result.sha256?.slice(0, 12)}…).`,
  );
  if (result.sameFileAs)
    console.log(
      `Note: the ONNX file is byte-identical to version ${result.sameFileAs.version}'s (same sha256); ` +
        (result.sameFileAs.manifestChanged
          ? `only the manifest differs.`
          : `the manifest is the same too, so version ${result.version} repeats version ${result.sameFileAs.version}.`),
    );
  console.log(`Next: ${cliCommand(`promote ${result.model} --version ${result.version}`, target)}`);
}

export async function registerModel(options: RegisterModelOptions): Promise<Registration> {
  if (options.server) {
    return registerOverHttp({
      server: options.server,
      key: options.key!,
      name: options.name,
      onnx: options.onnx,
      manifestText: options.manifestText ?? JSON.stringify(options.manifest),
      fileName: options.fileName ?? "model.onnx",
    });
  }
  return withLocalDatabase(async (db) =>
    registerModelVersion(db, {
      modelName: options.name,
      onnx: options.onnx,
      manifest: options.manifest,
      actor: localActor(),
      maxBytes: getConfigOrExit().TIDEMARK_MAX_MODEL_MB * 1024 * 1024,
      // The operator of the local database: an existing model stays in its project, a new one goes to default.
      projectId: (await projectOfModel(db.prisma, options.name)) ?? DEFAULT_PROJECT_ID,
    }),
  );
}

async function registerOverHttp(options: {
  server: string;
  key: string;
  name: string;
  onnx?: Uint8Array;
  manifestText: string;
  fileName: string;
}): Promise<Registration> {
  const form = new FormData();
  if (options.onnx)
    form.set("model", new Blob([new Uint8Array(options.onnx)], { type: "application/octet-stream" }), options.fileName);
  form.set("manifest", options.manifestText);
  const url = new URL(`/api/v1/models/${encodeURIComponent(options.name)}/versions`, options.server);
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${options.key}` }, body: form });
  } catch (error) {
    throw new CliError(`Could not reach ${url.origin}: ${(error as Error).message}`, 1);
  }
  const body = (await response.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown[] };
  } | null;
  if (!response.ok) {
    throw new CliError(body?.error ? describeApiError(body.error) : `The server answered ${response.status}`, 1);
  }
  return body as Registration;
}
