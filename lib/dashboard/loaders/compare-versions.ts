import "server-only";
import type { Database } from "@/lib/db/open-database";
import { diffManifests, type DiffRow } from "@/lib/registry/diff-manifests";
import { getModelVersionOrThrow } from "@/lib/registry/get-model-version-or-throw";
import { versionProductionMetrics, type ProductionMetrics } from "./version-production-metrics";

export type ComparedVersion = {
  version: number;
  registeredAt: string;
  registeredBy: string;
  aliases: string[];
  gatePassed: boolean;
  primaryMetric: string;
  production: ProductionMetrics;
};

export type VersionComparison = { model: string; a: ComparedVersion; b: ComparedVersion; diff: DiffRow[] };

/** Two versions of a model side by side: what their manifests declare, and how each did in production over one range. */
export async function compareVersions(
  db: Database,
  options: { model: string; a: number; b: number; from: Date; to: Date },
): Promise<VersionComparison> {
  const side = async (version: number) => {
    const detail = await getModelVersionOrThrow(db.prisma, options.model, version);
    const production = await versionProductionMetrics(db, { model: options.model, version, from: options.from, to: options.to });
    return { detail, production };
  };
  const [a, b] = await Promise.all([side(options.a), side(options.b)]);
  const shape = ({ detail, production }: Awaited<ReturnType<typeof side>>): ComparedVersion => ({
    version: detail.version,
    registeredAt: detail.registeredAt,
    registeredBy: detail.registeredBy,
    aliases: detail.aliases,
    gatePassed: detail.productionGate.passed,
    primaryMetric: detail.successCriteria.primaryMetric,
    production,
  });
  return { model: options.model, a: shape(a), b: shape(b), diff: diffManifests(a.detail.manifest, b.detail.manifest) };
}
