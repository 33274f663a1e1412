import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getModelVersionOrThrow } from "@/lib/registry/get-model-version-or-throw";
import { getTrafficPolicy } from "@/lib/registry/traffic-policy-store";
import { compareRolloutTraffic } from "@/lib/prediction-log/compare-rollout-traffic";
import { compareVersions } from "./compare-versions";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";

/**
 * The rollout page: production's champion against its challenger over the page's range — the
 * live-traffic figures from the prediction log (counts, agreement or mean |difference| of shadow
 * pairs, output distributions, compute time) beside each version's monitor results (drift,
 * realized and estimated performance, service latency) — and the challenger's gate for promotion.
 * Without a rollout, the page says so.
 */
export async function loadRolloutPage(params: PageParams, searchParams: SearchParams) {
  const session = await requireDashboardSession();
  const { db, name, range, model } = await loadModelPage(params, searchParams);
  const policy = await getTrafficPolicy(db, name, "production");
  if (!policy) return { name, range, task: model.task, policy, rollout: null, canPromote: session.role === "admin" };
  const versions = [policy.championVersion, policy.challengerVersion];
  const [ids, challenger, comparison] = await Promise.all([
    db.prisma.modelVersion.findMany({
      where: { model: { name }, version: { in: versions } },
      select: { id: true, version: true },
    }),
    getModelVersionOrThrow(db.prisma, name, policy.challengerVersion),
    compareVersions(db, { model: name, a: versions[0], b: versions[1], from: range.from, to: range.to }),
  ]);
  const idOf = (version: number) => ids.find((v) => v.version === version)!.id;
  const traffic = await compareRolloutTraffic(db.sql, {
    championVersionId: idOf(policy.championVersion),
    challengerVersionId: idOf(policy.challengerVersion),
    start: range.from,
    end: range.to,
  });
  return {
    name,
    range,
    task: model.task,
    policy,
    rollout: { traffic, comparison, gate: challenger.productionGate },
    canPromote: session.role === "admin",
  };
}

export type RolloutPage = Awaited<ReturnType<typeof loadRolloutPage>>;
