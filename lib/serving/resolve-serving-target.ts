import "server-only";
import type { ModelVersion } from "@/lib/generated/prisma/client";
import type { InferenceSession } from "onnxruntime-node";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { getSession } from "@/lib/inference/session-cache";
import { isMonitorOnly, monitorOnlyPredictMessage } from "@/lib/registry/is-monitor-only";
import { onRegistryChanged } from "@/lib/registry/registry-changes";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { LogMode } from "@/lib/prediction-log/prediction-row";
import type { Model } from "@/lib/generated/prisma/client";
import { resolveRollout, type ServingRollout } from "./resolve-rollout";

export type ServingSelector = { version?: number; alias?: string };

export type ServingTarget = {
  modelName: string;
  version: number;
  versionId: string;
  manifest: Manifest;
  session: InferenceSession;
  logMode: LogMode | null;
  /** The alias's rollout (shadow, canary, A/B), resolved and cached with it; null for most targets. */
  rollout: ServingRollout<ServingTarget> | null;
};

// Which version an alias points to is looked up at most once per TTL per process, keeping
// Postgres off the predict hot path. Moving an alias in this process clears the cache at once;
// other processes follow within the TTL.
const TTL_MS = 2_000;
const holder = globalThis as unknown as { __tidemarkTargets?: Map<string, { target: Promise<ServingTarget>; until: number }> };
const cache = (holder.__tidemarkTargets ??= new Map());

export function forgetServingTargets(): void {
  cache.clear();
}
// Moving an alias or changing a model's settings takes effect at once in this process.
const holderListening = globalThis as unknown as { __tidemarkTargetsListening?: boolean };
if (!holderListening.__tidemarkTargetsListening) {
  holderListening.__tidemarkTargetsListening = true;
  onRegistryChanged(forgetServingTargets);
}

export function resolveServingTarget(db: Database, modelName: string, selector: ServingSelector): Promise<ServingTarget> {
  const key = `${modelName}\u0000${selector.version ?? ""}\u0000${selector.alias ?? ""}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.target;
  const target = lookup(db, modelName, selector);
  cache.set(key, { target, until: now + TTL_MS });
  target.catch(() => cache.delete(key));
  return target;
}

async function lookup(db: Database, modelName: string, selector: ServingSelector): Promise<ServingTarget> {
  const model = await db.prisma.model.findUnique({ where: { name: modelName } });
  if (!model) throw new ApiError("not_found", `No model named "${modelName}"`);
  let row: ModelVersion | null;
  let alias: string | null = null;
  if (selector.version !== undefined) {
    row = await db.prisma.modelVersion.findUnique({
      where: { modelId_version: { modelId: model.id, version: selector.version } },
    });
    if (!row) throw new ApiError("not_found", `Model "${modelName}" has no version ${selector.version}`);
  } else {
    alias = selector.alias ?? "production";
    const pointer = await db.prisma.modelAlias.findUnique({
      where: { modelId_alias: { modelId: model.id, alias } },
      include: { version: true },
    });
    if (!pointer) {
      throw new ApiError("not_found", `Model "${modelName}" has no "${alias}" alias; promote a version or call with ?version=N`);
    }
    row = pointer.version;
  }
  if (isMonitorOnly(row)) throw new ApiError("conflict", monitorOnlyPredictMessage(modelName, row.version));
  const target = await targetFor(db, model, row);
  // Only an alias carries a rollout: ?version=N always answers with that version.
  if (alias !== null) {
    const options = { modelId: model.id, modelName, alias, championVersionId: row.id };
    target.rollout = await resolveRollout(db, options, (challenger) => targetFor(db, model, challenger));
  }
  return target;
}

async function targetFor(db: Database, model: Model, row: ModelVersion): Promise<ServingTarget> {
  const session = await getSession(db, row.id, row.artifactSha!);
  return {
    modelName: model.name,
    version: row.version,
    versionId: row.id,
    manifest: row.manifest as Manifest,
    session,
    logMode: model.logMode,
    rollout: null,
  };
}
