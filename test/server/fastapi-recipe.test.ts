import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { freePort, startNextServer, type RunningServer } from "../helpers/next-server";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

// docs/recipes/fastapi_app.py, run as documented with Debian's python3, FastAPI and uvicorn
// (.ci/run installs them), in front of a real Tidemark server: what it serves must arrive in
// Tidemark's prediction log, flushed in the background and on shutdown.
const root = path.resolve(__dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-fastapi-"));
let tidemark: RunningServer | undefined;
let service: ChildProcess | undefined;
let serviceOutput = "";
let readKey = "";
let serviceUrl = "";

beforeAll(async () => {
  const db = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "db") });
  await applyMigrations(db.sql);
  const ingestKey = (await createApiKey(db.prisma, { name: "fastapi", scopes: ["ingest"] }, "test")).token;
  readKey = (await createApiKey(db.prisma, { name: "reader", scopes: ["read"] }, "test")).token;
  await registerModelVersion(db, {
    modelName: "fraud",
    onnx: binaryModelBytes(),
    manifest: binaryManifest(),
    actor: "test",
    maxBytes: 1e8,
  });
  await moveAlias(db.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "test" });
  await db.close();
  tidemark = await startNextServer({ TIDEMARK_DATA_DIR: path.join(dataDir, "db"), TIDEMARK_SCHEDULER: "off" });

  const port = await freePort();
  serviceUrl = `http://127.0.0.1:${port}`;
  const child = spawn(
    "/usr/bin/python3",
    [
      "-m",
      "uvicorn",
      "fastapi_app:app",
      "--app-dir",
      path.join(root, "docs/recipes"),
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    {
      env: {
        PATH: process.env.PATH ?? "",
        TIDEMARK_URL: tidemark.url,
        TIDEMARK_KEY: ingestKey,
        TIDEMARK_MODEL: "fraud",
        FLUSH_SECONDS: "3",
        BATCH_SIZE: "20",
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  service = child;
  child.stdout?.on("data", (d) => (serviceOutput += d));
  child.stderr?.on("data", (d) => (serviceOutput += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the FastAPI recipe exited with ${child.exitCode}:\n${serviceOutput}`);
    try {
      if ((await fetch(`${serviceUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the FastAPI recipe did not answer within 30 s:\n${serviceOutput}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 300_000);

afterAll(async () => {
  if (service && service.exitCode === null) service.kill("SIGKILL");
  await tidemark?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function predict(i: number): Promise<string> {
  const res = await fetch(`${serviceUrl}/predict?entity_id=customer-${i}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ amount: 10 + i, country: ["US", "DE", "FR"][i % 3], is_new: i % 2 === 0 }),
  });
  expect(res.status, serviceOutput).toBe(200);
  return ((await res.json()) as { predictionId: string }).predictionId;
}

async function logged(id: string) {
  const res = await fetch(`${tidemark?.url}/api/v1/predictions/${id}`, { headers: { authorization: `Bearer ${readKey}` } });
  return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null;
}

async function waitForLogged(ids: string[]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await Promise.all(ids.map(logged));
    if (found.every(Boolean)) return found as Record<string, unknown>[];
    if (Date.now() > deadline)
      throw new Error(`${found.filter((f) => !f).length} of ${ids.length} predictions never arrived:\n${serviceOutput}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("the FastAPI recipe", () => {
  it("posts what it serves to Tidemark in background batches", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 45; i++) ids.push(await predict(i));
    const rows = await waitForLogged(ids);
    expect(rows[3]).toMatchObject({
      predictionId: ids[3],
      model: "fraud",
      version: 1,
      entityId: "customer-3",
      source: "ingest",
      features: { amount: 13, country: "US", is_new: false },
      output: { label: expect.any(String), probabilities: { legit: expect.any(Number), fraud: expect.any(Number) } },
    });
  });

  it("flushes what is still buffered when it shuts down", async () => {
    const ids = [await predict(100), await predict(101)];
    const exited = new Promise<number | null>((resolve) => service?.once("exit", (code) => resolve(code)));
    service?.kill("SIGTERM");
    expect(await exited).toBe(0);
    await waitForLogged(ids);
  });
});
