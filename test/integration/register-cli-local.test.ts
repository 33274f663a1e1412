// `tidemark register` inferring the manifest, run as a user runs it, against the local database
// (embedded Postgres in a data folder, or the Postgres server): a model trained with column names
// that are not ONNX-safe is served with a row copied from its file; a fixture model is registered
// from its reference and test files; a monitor-only version refuses predict with 409; bad input
// exits non-zero naming the problem, with nothing registered.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { setDatabase } from "@/lib/db/get-database";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as versionRoute from "@/app/api/v1/models/[name]/versions/[version]/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import { createRandom } from "@/lib/training/random";
import { runCli } from "../helpers/run-cli";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";
import { backend } from "../helpers/test-database";
import { pgliteBackend, postgresBackend, type ServerBackend } from "../helpers/server-backends";

const fixtures = path.resolve(__dirname, "../fixtures/byo-register");
let work: string;
let target: ServerBackend;
let db: Database | undefined;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-register-"));
  for (const file of ["reference.csv", "test.csv", "model.onnx"])
    fs.copyFileSync(path.join(fixtures, file), path.join(work, file));
  fs.mkdirSync(path.join(work, "external"));
  fs.copyFileSync(path.join(fixtures, "reference.csv"), path.join(work, "external/reference.csv"));
  target = backend === "postgres" ? await postgresBackend() : await pgliteBackend("tidemark-register-");
});
afterAll(async () => {
  await db?.close();
  await target?.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { env: target.env, cwd: work });

/** Penguin-like rows whose column names are not ONNX-safe, as a user's export has them. */
function penguinsCsv(rows: number): string {
  const random = createRandom(11);
  const lines = ["Beak Length (mm),Flipper %,island name,is adult,species"];
  for (let i = 0; i < rows; i++) {
    const beak = 35 + 20 * random();
    const island = ["Biscoe", "Dream", "Torgersen"][Math.floor(random() * 3)];
    const species = beak + (island === "Dream" ? 4 : 0) + 4 * random() > 47 ? "Gentoo" : "Adelie";
    lines.push(`${beak.toFixed(2)},${(100 * random()).toFixed(1)},${island},${random() < 0.5},${species}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("tidemark register against the local database", () => {
  it("serves a model trained on a CSV with spaces and brackets in its column names, called with a row from the file", async () => {
    const data = path.join(work, "penguins.csv");
    fs.writeFileSync(data, penguinsCsv(240));
    const trained = await cli([
      ...["train", "--data", data, "--target", "species", "--task", "binary", "--metric", "auc", "--deploy-threshold", "0.6"],
      ...["--out", path.join(work, "run"), "--models", "majority,linear", "--register", "--name", "penguins"],
    ]);
    expect(trained.stderr).toBe("");
    expect(trained.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(work, "run/manifest.json"), "utf8"));
    expect(manifest.features.map((f: { name: string; column?: string }) => [f.name, f.column])).toEqual([
      ["Beak_Length_mm", "Beak Length (mm)"],
      ["Flipper", "Flipper %"],
      ["island_name", "island name"],
      ["is_adult", "is adult"],
    ]);
  }, 240_000);

  it("infers the manifest of a model from its reference and test files, writes it beside the model, registers it", async () => {
    const res = await cli([
      ...["register", "--model", "model.onnx", "--reference", "reference.csv", "--test", "test.csv"],
      ...["--target", "species", "--task", "binary", "--name", "birds", "--metric", "auc", "--deploy-threshold", "0.7"],
    ]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Beak Length (mm) (as Beak_Length_mm): numeric");
    expect(res.stdout).toMatch(/Test metrics: auc 0\.746/);
    expect(res.stdout).toContain("baseline majority: auc 0.5000");
    expect(res.stdout).toMatch(/^Registered birds version 1 \(sha256 [0-9a-f]{12}…\)\.$/m);
    const written = JSON.parse(fs.readFileSync(path.join(work, "manifest.json"), "utf8"));
    expect(written.evaluation.test.auc).toBeCloseTo(0.746, 3);
  }, 240_000);

  it("registers a monitor-only version from the reference file alone", async () => {
    const res = await cli([
      ...["register", "--reference", "external/reference.csv", "--target", "species", "--task", "binary", "--name", "birds-ext"],
    ]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(
      "Registered birds-ext version 1 as monitor-only: send its predictions to POST /api/v1/models/birds-ext/predictions.",
    );
    expect(fs.existsSync(path.join(work, "external/manifest.json"))).toBe(true);
  }, 240_000);

  it.each([
    [["--target", "specie"], '--target specie: reference.csv has no such column; its columns are "Beak Length (mm)"'],
    [["--target", "species", "--classes", "Adelie,Chinstrap"], "--classes Adelie,Chinstrap does not match the values of"],
    [["--target", "species", "--exclude", "noise"], 'the model input "noise" has no column in the data; add it to --reference'],
  ])(
    "refuses %j, naming the problem, and registers nothing",
    async (extra, message) => {
      const res = await cli([
        ...["register", "--model", "model.onnx", "--reference", "reference.csv", "--task", "binary", "--name", "refused"],
        ...extra,
      ]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(message);
      expect(res.stderr).toContain("Nothing was registered.");
    },
    120_000,
  );
});

describe("the registered versions, served", () => {
  let keys: Awaited<ReturnType<typeof createKeys>>;
  beforeAll(async () => {
    db = await target.open();
    setDatabase(db);
    keys = await createKeys(db);
  });

  it("answers predict for a row keyed as in the training file", async () => {
    const line = penguinsCsv(1).split("\n")[1].split(",");
    const row = {
      "Beak Length (mm)": Number(line[0]),
      "Flipper %": Number(line[1]),
      "island name": line[2],
      "is adult": line[3] === "true",
    };
    const res = await callRoute(predictRoute.POST, {
      params: { name: "penguins" },
      path: "/?version=1",
      key: keys.predict,
      json: { inputs: [row] },
    });
    expect(res.status).toBe(200);
    expect(res.json.predictions[0].label).toMatch(/^(Adelie|Gentoo)$/);
    // The log keeps the internal names, which monitoring reads.
    const [logged] = await db!.sql.query<{ features: Record<string, unknown> }>("SELECT features FROM predictions");
    expect(Object.keys(logged.features).sort()).toEqual(["Beak_Length_mm", "Flipper", "is_adult", "island_name"]);
  });

  it("answers predict on a monitor-only version with 409, pointing at the ingestion route", async () => {
    const res = await callRoute(predictRoute.POST, {
      params: { name: "birds-ext" },
      path: "/?version=1",
      key: keys.predict,
      json: { inputs: [{ "Beak Length (mm)": 44, flipper: 0.1, island: "Dream", noise: 0 }] },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe(
      'Version 1 of "birds-ext" is monitor-only (registered without a model file), so Tidemark cannot run it; send the predictions your own service makes to POST /api/v1/models/birds-ext/predictions',
    );
    const version = await callRoute(versionRoute.GET, {
      method: "GET",
      params: { name: "birds-ext", version: "1" },
      key: keys.read,
    });
    expect(version.json).toMatchObject({ monitorOnly: true, sha256: null });
    expect(version.json.productionGate.passed).toBe(false);
  });

  it("moves aliases to a monitor-only version, through the gate when forced", async () => {
    const refused = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "birds-ext", alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
    expect(refused.status).toBe(409);
    const staging = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "birds-ext", alias: "staging" },
      key: keys.admin,
      json: { version: 1 },
    });
    expect(staging.status).toBe(200);
    const forced = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "birds-ext", alias: "production" },
      key: keys.admin,
      json: { version: 1, force: true, reason: "served by the scoring service; measured there" },
    });
    expect(forced.status).toBe(200);
  });

  it("registered nothing for the refused commands", async () => {
    expect(await db!.prisma.model.findUnique({ where: { name: "refused" } })).toBeNull();
  });
});
