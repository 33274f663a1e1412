import { requireSession } from "@/lib/auth/dashboard-session";
import { notFound } from "next/navigation";
import { getDatabase } from "@/lib/db/get-database";
import { decodePathSegmentOrNotFound } from "@/lib/dashboard/page-input";
import { ApiError } from "@/lib/core/errors";
import { getPredictionOrThrow } from "@/lib/prediction-log/get-prediction-or-throw";
import { ModelLink, PageHeader, Panel, Table } from "@/lib/dashboard/ui";

export const dynamic = "force-dynamic";

export default async function PredictionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  const db = await getDatabase();
  let prediction;
  try {
    prediction = await getPredictionOrThrow(db.sql, decodePathSegmentOrNotFound(id));
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
  const features = Object.entries((prediction.features ?? {}) as Record<string, unknown>);
  return (
    <>
      <PageHeader title="Prediction" subtitle={<span className="font-mono">{prediction.predictionId}</span>} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Served">
          <dl className="grid grid-cols-2 gap-y-1 text-sm">
            <dt className="text-gray-500">Model</dt>
            <dd>
              <ModelLink name={prediction.model} /> v{prediction.version}
            </dd>
            <dt className="text-gray-500">Time</dt>
            <dd>{prediction.createdAt}</dd>
            <dt className="text-gray-500">Entity</dt>
            <dd>{prediction.entityId ?? "—"}</dd>
            <dt className="text-gray-500">Source</dt>
            <dd>{prediction.source === "served" ? "served by Tidemark" : `sent from outside (${prediction.source})`}</dd>
            <dt className="text-gray-500">Latency</dt>
            {/* A model served elsewhere reports no latency of ours. */}
            <dd>{prediction.source === "served" ? `${prediction.latencyMs.toFixed(3)} ms` : "—"}</dd>
          </dl>
        </Panel>
        <Panel title="Output">
          <pre className="overflow-x-auto text-sm">{JSON.stringify(prediction.output, null, 2)}</pre>
        </Panel>
        <Panel title="Outcome">
          {prediction.outcome ? (
            <dl className="grid grid-cols-2 gap-y-1 text-sm" aria-label="Outcome">
              <dt className="text-gray-500">{prediction.outcome.label !== null ? "Label" : "Value"}</dt>
              <dd>{prediction.outcome.label ?? String(prediction.outcome.value)}</dd>
              <dt className="text-gray-500">Observed</dt>
              <dd>{prediction.outcome.observedAt}</dd>
              <dt className="text-gray-500">Received</dt>
              <dd>{prediction.outcome.receivedAt}</dd>
              <dt className="text-gray-500">Sent by</dt>
              <dd>{prediction.outcome.sentBy === "entity" ? "entity id (linked by the performance job)" : "prediction id"}</dd>
            </dl>
          ) : (
            <p className="text-sm text-gray-600">
              No outcome yet. Post one with <code>POST /api/v1/outcomes</code> and{" "}
              <code>{`{"model":"${prediction.model}","outcomes":[{"predictionId":"${prediction.predictionId}","label":…}]}`}</code>
              .
            </p>
          )}
        </Panel>
        <Panel title="Input features (as received)">
          <Table
            caption="Input features"
            head={["Feature", "Value"]}
            rows={features.map(([k, v]) => [k, v === null ? "null" : String(v)])}
          />
        </Panel>
      </div>
    </>
  );
}
