import type { Database } from "@/lib/db/open-database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { uuidv7Time } from "@/lib/core/ids/uuidv7";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { parseItem } from "./parse-item";
import { outcomeItemSchema, outcomesEnvelopeSchema, type ItemResult, type OutcomeItem } from "./ingest-schemas";

type Accepted = {
  index: number;
  item: OutcomeItem;
  label: string | null;
  value: number | null;
  link?: { predictionId: string; createdAt: Date; versionId: string };
};

/**
 * Stores ground truth for earlier predictions, item by item. An outcome by prediction id is
 * idempotent per prediction: the same value again is a no-op, a changed value replaces the old one
 * and the change is audited. Outcomes by entity id are linked to predictions later by the
 * performance job.
 */
export async function ingestOutcomes(db: Database, body: unknown, actor: string) {
  const envelope = parseOrThrow(outcomesEnvelopeSchema, body, "outcomes request");
  const model = await db.prisma.model.findUnique({
    where: { name: envelope.model },
    include: { versions: { select: { id: true, manifest: true } } },
  });
  if (!model) throw new ApiError("not_found", `No model named "${envelope.model}"`);
  const manifests = new Map(model.versions.map((v) => [v.id, v.manifest as Manifest]));

  const results: ItemResult[] = new Array(envelope.outcomes.length);
  const candidates: { index: number; item: OutcomeItem }[] = [];
  envelope.outcomes.forEach((raw, index) => {
    const parsed = parseItem(outcomeItemSchema, raw, index, "outcome");
    if ("item" in parsed) candidates.push({ index, item: parsed.item });
    else results[index] = parsed.rejected;
  });

  const predictions = await lookUpPredictions(
    db,
    candidates.flatMap((c) => (c.item.predictionId ? [c.item.predictionId] : [])),
  );
  const accepted = screenOutcomes(candidates, { predictions, manifests, model, results });

  const counts = await db.prisma.$transaction(
    (tx) => storeOutcomes(tx, { model, accepted, results, received: envelope.outcomes.length, actor }),
    { timeout: 60_000 },
  );

  return { model: model.name, received: envelope.outcomes.length, ...counts, items: results };
}

/** Prediction ids are UUIDv7: their timestamp is the row's created_at, so each lookup hits one partition key. */
async function lookUpPredictions(db: Database, ids: string[]) {
  const found = new Map<string, { predictionId: string; createdAt: Date; versionId: string }>();
  const keyed = ids.flatMap((id) => {
    const t = uuidv7Time(id);
    return t ? [{ id, t }] : [];
  });
  for (let start = 0; start < keyed.length; start += 5000) {
    const chunk = keyed.slice(start, start + 5000);
    const rows = await db.sql.query<{ id: string; created_at: Date | string; model_version_id: string }>(
      `SELECT p.id::text AS id, p.created_at, p.model_version_id::text AS model_version_id
         FROM predictions p JOIN unnest($1::timestamptz[], $2::uuid[]) AS k(t, i) ON p.created_at = k.t AND p.id = k.i`,
      [chunk.map((k) => k.t.toISOString()), chunk.map((k) => k.id)],
    );
    for (const r of rows)
      found.set(r.id, { predictionId: r.id, createdAt: new Date(r.created_at), versionId: r.model_version_id });
  }
  // Ingested predictions keep the id their sender gave (any UUID, whatever its time): those not
  // found by their UUIDv7 time are looked up by id alone, through each partition's id index.
  const missing = ids.filter((id) => !found.has(id.toLowerCase()));
  for (let start = 0; start < missing.length; start += 5000) {
    const rows = await db.sql.query<{ id: string; created_at: Date | string; model_version_id: string }>(
      `SELECT p.id::text AS id, p.created_at, p.model_version_id::text AS model_version_id
         FROM predictions p WHERE p.id = ANY($1::uuid[])`,
      [missing.slice(start, start + 5000)],
    );
    for (const r of rows)
      found.set(r.id, { predictionId: r.id, createdAt: new Date(r.created_at), versionId: r.model_version_id });
  }
  return found;
}

function typeMismatch(item: OutcomeItem, manifests: Manifest[], task: string): string | null {
  if (task === "regression")
    return item.value === undefined ? `model is a regression model: send value (a number), not label` : null;
  if (item.label === undefined) return `model is a ${task} classifier: send label (one of its classes), not value`;
  const classes = new Set(manifests.flatMap((m) => m.outputs.classes ?? []));
  return classes.has(String(item.label))
    ? null
    : `label "${String(item.label)}" is not one of the model's classes (${[...classes].join(", ")})`;
}

type ModelRow = { id: string; name: string; task: Manifest["task"] };
type PredictionLinks = Awaited<ReturnType<typeof lookUpPredictions>>;

/** Each valid item checked against its prediction (which must be this model's) and the task's label type. */
function screenOutcomes(
  candidates: readonly { index: number; item: OutcomeItem }[],
  o: { predictions: PredictionLinks; manifests: Map<string, Manifest>; model: ModelRow; results: ItemResult[] },
): Accepted[] {
  const { predictions, manifests, model, results } = o;
  const accepted: Accepted[] = [];
  for (const { index, item } of candidates) {
    const link = item.predictionId ? predictions.get(item.predictionId.toLowerCase()) : undefined;
    if (item.predictionId && (!link || !manifests.has(link.versionId))) {
      results[index] = {
        index,
        status: "rejected",
        error: { code: "unknown_prediction", message: `No prediction ${item.predictionId} of model "${model.name}"` },
      };
      continue;
    }
    const mismatch = typeMismatch(item, link ? [manifests.get(link.versionId)!] : [...manifests.values()], model.task);
    if (mismatch) {
      results[index] = { index, status: "rejected", error: { code: "type_mismatch", message: mismatch } };
      continue;
    }
    accepted.push({ index, item, label: item.label === undefined ? null : String(item.label), value: item.value ?? null, link });
  }

  return accepted;
}

/**
 * In the request's transaction: what is new is stored, what changed replaces the stored outcome
 * (audited), a repeat is unchanged; one audit event sums the request.
 */
async function storeOutcomes(
  tx: Prisma.TransactionClient,
  o: { model: ModelRow; accepted: readonly Accepted[]; results: ItemResult[]; received: number; actor: string },
) {
  const { model, accepted, results, received, actor } = o;
  const tally = { stored: 0, replaced: 0, unchanged: 0 };
  const observed = accepted.map((a) => (a.item.time ? new Date(a.item.time) : new Date()));
  // One read of what already exists for these keys, instead of one per item.
  const byPrediction = accepted.flatMap((a) => (a.link ? [a.link.predictionId] : []));
  const byEntity = accepted.flatMap((a, i) => (a.link ? [] : [{ entityId: a.item.entityId!, observedAt: observed[i] }]));
  const existingRows = await tx.outcome.findMany({
    where: {
      modelId: model.id,
      OR: [{ predictionId: { in: byPrediction } }, ...(byEntity.length ? [{ OR: byEntity }] : [])],
    },
  });
  const keyOf = (predictionId: string | null, entityId: string | null, observedAt: Date) =>
    predictionId ? `p:${predictionId}` : `e:${entityId}@${observedAt.toISOString()}`;
  const existing = new Map(existingRows.map((r) => [keyOf(r.predictionId, r.entityId, r.observedAt), r]));
  const fresh: Prisma.OutcomeCreateManyInput[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < accepted.length; i++) {
    const a = accepted[i];
    const observedAt = observed[i];
    const key = keyOf(a.link?.predictionId ?? null, a.link ? null : a.item.entityId!, observedAt);
    const old = existing.get(key);
    if (seen.has(key) || (old && old.label === a.label && old.value === a.value)) {
      // A repeat inside the same request, or of what is stored: nothing to change.
      results[a.index] = { index: a.index, status: "unchanged" };
      tally.unchanged++;
      continue;
    }
    seen.set(key, a.index);
    if (old) {
      await tx.outcome.update({
        where: { id: old.id },
        data: { label: a.label, value: a.value, observedAt, updatedAt: new Date() },
      });
      await recordAuditEvent(tx, {
        actor,
        kind: "outcome.replaced",
        modelName: model.name,
        subject: a.link ? `prediction:${a.link.predictionId}` : `entity:${a.item.entityId}@${observedAt.toISOString()}`,
        before: { label: old.label, value: old.value },
        after: { label: a.label, value: a.value },
      });
      results[a.index] = { index: a.index, status: "replaced" };
      tally.replaced++;
      continue;
    }
    fresh.push({
      modelId: model.id,
      source: a.link ? "prediction" : "entity",
      predictionId: a.link?.predictionId ?? null,
      entityId: a.link ? null : a.item.entityId!,
      observedAt,
      label: a.label,
      value: a.value,
      linkedPredictionId: a.link?.predictionId ?? null,
      predictionCreatedAt: a.link?.createdAt ?? null,
      modelVersionId: a.link?.versionId ?? null,
    });
    results[a.index] = { index: a.index, status: "stored" };
    tally.stored++;
  }
  if (fresh.length) await tx.outcome.createMany({ data: fresh });
  const rejected = results.filter((r) => r?.status === "rejected").length;
  await recordAuditEvent(tx, {
    actor,
    kind: "outcomes.ingested",
    modelName: model.name,
    subject: `model:${model.name}`,
    after: { received, ...tally, rejected },
  });
  return { ...tally, rejected };
}
