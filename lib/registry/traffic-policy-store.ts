import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { evaluatePromotionGate, type GateVerdict } from "./evaluate-promotion-gate";
import { getModelRowOrThrow } from "./get-model-or-throw";
import { isMonitorOnly, monitorOnlyPredictMessage } from "./is-monitor-only";
import { registryChanged } from "./registry-changes";
import type { RolloutMode, TrafficPolicyInput } from "./traffic-policy-schema";

// The one owner of `traffic_policies`: read, set and end an alias's rollout, each change audited.

export type TrafficPolicyView = {
  model: string;
  alias: string;
  mode: RolloutMode;
  championVersion: number;
  challengerVersion: number;
  percent: number | null;
  updatedBy: string;
  updatedAt: string;
};

type Tx = Prisma.TransactionClient;

async function readPolicy(
  tx: Tx | PrismaClient,
  modelId: string,
  name: string,
  alias: string,
): Promise<TrafficPolicyView | null> {
  const [policy, pointer] = await Promise.all([
    tx.trafficPolicy.findUnique({
      where: { modelId_alias: { modelId, alias } },
      include: { challenger: { select: { version: true } } },
    }),
    tx.modelAlias.findUnique({
      where: { modelId_alias: { modelId, alias } },
      include: { version: { select: { version: true } } },
    }),
  ]);
  if (!policy || !pointer) return null;
  return {
    model: name,
    alias,
    mode: policy.mode,
    championVersion: pointer.version.version,
    challengerVersion: policy.challenger.version,
    percent: policy.percent,
    updatedBy: policy.updatedBy,
    updatedAt: policy.updatedAt.toISOString(),
  };
}

/** The alias's rollout, or null when the alias serves its version alone. */
export async function getTrafficPolicy(db: Database, name: string, alias: string): Promise<TrafficPolicyView | null> {
  const model = await getModelRowOrThrow(db.prisma, name);
  return readPolicy(db.prisma, model.id, name, alias);
}

/** Every rollout of a model, for its page. */
export async function listTrafficPolicies(db: Database, name: string): Promise<TrafficPolicyView[]> {
  const model = await getModelRowOrThrow(db.prisma, name);
  const rows = await db.prisma.trafficPolicy.findMany({ where: { modelId: model.id }, orderBy: { alias: "asc" } });
  const views = await Promise.all(rows.map((r) => readPolicy(db.prisma, model.id, name, r.alias)));
  return views.filter((v): v is TrafficPolicyView => v !== null);
}

/** What serving needs, looked up with the alias (cached there): null costs the hot path nothing more. */
export async function findServingPolicy(db: Database, modelId: string, alias: string) {
  return db.prisma.trafficPolicy.findUnique({
    where: { modelId_alias: { modelId, alias } },
    select: { mode: true, percent: true, challengerVersionId: true, challenger: true },
  });
}

/**
 * Starts (or changes) the alias's rollout. The challenger must be a runnable version other than the
 * champion; canary and A/B send callers its answers, so it must pass the promotion gate unless forced
 * with a reason. The verdict travels in the audit event, as for a promotion.
 */
export async function setTrafficPolicy(
  db: Database,
  options: { name: string; alias: string; input: TrafficPolicyInput; actor: string },
): Promise<TrafficPolicyView & { forced: boolean; gate: GateVerdict | null }> {
  const { name, alias, input, actor } = options;
  const model = await getModelRowOrThrow(db.prisma, name);
  const challenger = await db.prisma.modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version: input.version } },
  });
  if (!challenger) throw new ApiError("not_found", `Model "${name}" has no version ${input.version}`);
  if (isMonitorOnly(challenger)) throw new ApiError("conflict", monitorOnlyPredictMessage(name, input.version));
  const gate = input.mode === "shadow" ? null : evaluatePromotionGate(challenger.manifest as Manifest);
  if (gate && !gate.passed && !input.force) {
    const failed = gate.rules.filter((r) => !r.passed);
    throw new ApiError(
      "gate_failed",
      `Version ${input.version} of "${name}" does not pass the production gate (${failed.length} rule${failed.length === 1 ? "" : "s"} failed), and a ${input.mode} rollout answers callers with it; fix the model, use shadow, or set "force": true and a reason`,
      failed,
    );
  }
  const forced = Boolean(gate && !gate.passed && input.force);
  const view = await db.prisma.$transaction(async (tx) => {
    const pointer = await tx.modelAlias.findUnique({
      where: { modelId_alias: { modelId: model.id, alias } },
      include: { version: { select: { version: true } } },
    });
    if (!pointer) throw new ApiError("conflict", `Model "${name}" has no "${alias}" alias: promote a champion before a rollout`);
    if (pointer.versionId === challenger.id) {
      throw new ApiError(
        "validation_failed",
        `Version ${input.version} is already the "${alias}" version: the challenger must differ`,
        [{ path: "version", message: `must differ from the champion (version ${pointer.version.version})` }],
      );
    }
    const before = await readPolicy(tx, model.id, name, alias);
    const data = { mode: input.mode, challengerVersionId: challenger.id, percent: input.percent ?? null, updatedBy: actor };
    await tx.trafficPolicy.upsert({
      where: { modelId_alias: { modelId: model.id, alias } },
      create: { modelId: model.id, alias, ...data },
      update: { ...data, updatedAt: new Date() },
    });
    const after = (await readPolicy(tx, model.id, name, alias))!;
    await recordAuditEvent(tx, {
      actor,
      kind: "model.rollout_set",
      modelName: name,
      subject: `model:${name}/alias:${alias}`,
      before: before && policySummary(before),
      after: { ...policySummary(after), forced, reason: input.reason ?? null, gatePassed: gate?.passed ?? null, gate },
    });
    return after;
  });
  registryChanged();
  return { ...view, forced, gate };
}

/** Ends the alias's rollout: the champion answers alone again. 404 when there is none. */
export async function clearTrafficPolicy(
  db: Database,
  options: { name: string; alias: string; actor: string; reason?: string },
): Promise<{ ended: TrafficPolicyView }> {
  const { name, alias, actor } = options;
  const model = await getModelRowOrThrow(db.prisma, name);
  const ended = await db.prisma.$transaction(async (tx) => {
    const before = await readPolicy(tx, model.id, name, alias);
    const deleted = await tx.trafficPolicy.deleteMany({ where: { modelId: model.id, alias } });
    if (!before || deleted.count === 0) throw new ApiError("not_found", `The "${alias}" alias of "${name}" has no rollout`);
    await endedEvent(tx, name, alias, actor, before, options.reason ?? null);
    return before;
  });
  registryChanged();
  return { ended };
}

/**
 * Called inside an alias move: a rollout whose challenger becomes the alias's version is over (the
 * challenger was promoted), so it ends in the same transaction, audited.
 */
export async function endRolloutOnPromotion(
  tx: Tx,
  options: { modelId: string; name: string; alias: string; versionId: string; actor: string },
) {
  const policy = await tx.trafficPolicy.findUnique({
    where: { modelId_alias: { modelId: options.modelId, alias: options.alias } },
  });
  if (!policy || policy.challengerVersionId !== options.versionId) return;
  const before = await readPolicy(tx, options.modelId, options.name, options.alias);
  await tx.trafficPolicy.delete({ where: { modelId_alias: { modelId: options.modelId, alias: options.alias } } });
  if (before) await endedEvent(tx, options.name, options.alias, options.actor, before, "challenger promoted");
}

function endedEvent(tx: Tx, name: string, alias: string, actor: string, before: TrafficPolicyView, reason: string | null) {
  return recordAuditEvent(tx, {
    actor,
    kind: "model.rollout_ended",
    modelName: name,
    subject: `model:${name}/alias:${alias}`,
    before: policySummary(before),
    after: { reason },
  });
}

function policySummary(p: TrafficPolicyView) {
  return { mode: p.mode, championVersion: p.championVersion, challengerVersion: p.challengerVersion, percent: p.percent };
}
