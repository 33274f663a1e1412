import "server-only";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { parseStoredSettings } from "@/lib/monitors/shared/monitored-versions";

export type IngestTarget = {
  modelId: string;
  modelName: string;
  version: number;
  versionId: string;
  manifest: Manifest;
  /** How far back the drift job looks: an older prediction would never be profiled. */
  lookbackHours: number;
};

// Looked up at most once per TTL per process, as predict's targets are, keeping Postgres off the
// ingestion hot path: an alias move or a new lookback setting reaches ingestion within the TTL.
const TTL_MS = 2_000;
type Cached = { target: Promise<IngestTarget>; until: number };
const holder = globalThis as unknown as { __tidemarkIngestTargets?: WeakMap<Database, Map<string, Cached>> };
holder.__tidemarkIngestTargets ??= new WeakMap();
const caches = holder.__tidemarkIngestTargets;

/**
 * The version ingested predictions belong to: the one named, or the one the `production` alias
 * points at, as predict chooses. Unlike predict it never opens an ONNX session: the model ran
 * elsewhere, and a monitor-only version has no file to open.
 */
export function resolveIngestTarget(db: Database, modelName: string, version?: number): Promise<IngestTarget> {
  const key = `${modelName}\u0000${version ?? ""}`;
  const now = Date.now();
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.target;
  const target = lookup(db, modelName, version);
  cache.set(key, { target, until: now + TTL_MS });
  target.catch(() => cache.delete(key));
  return target;
}

async function lookup(db: Database, modelName: string, version?: number): Promise<IngestTarget> {
  const model = await db.prisma.model.findUnique({ where: { name: modelName }, include: { monitoring: true } });
  if (!model) throw new ApiError("not_found", `No model named "${modelName}"`);
  let row: { id: string; version: number; manifest: unknown };
  if (version !== undefined) {
    const found = await db.prisma.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } } });
    if (!found) throw new ApiError("not_found", `Model "${modelName}" has no version ${version}`);
    row = found;
  } else {
    const pointer = await db.prisma.modelAlias.findUnique({
      where: { modelId_alias: { modelId: model.id, alias: "production" } },
      include: { version: true },
    });
    if (!pointer) {
      throw new ApiError("not_found", `Model "${modelName}" has no "production" alias; promote a version or send "version": N`);
    }
    row = pointer.version;
  }
  return {
    modelId: model.id,
    modelName: model.name,
    version: row.version,
    versionId: row.id,
    manifest: row.manifest as Manifest,
    lookbackHours: parseStoredSettings(model.monitoring?.settings).lookbackHours,
  };
}
