import { loadPredictionPage } from "@/lib/dashboard/loaders/prediction-page";
import { ModelLink, PageHeader, Panel, Table } from "@/lib/dashboard/components/ui";
import { ExplanationWaterfall } from "@/lib/dashboard/components/explanation-waterfall";
import type { SearchParams } from "@/lib/dashboard/page-input";

export const dynamic = "force-dynamic";

export default async function PredictionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const { prediction, operating, features, explanation } = await loadPredictionPage(params, searchParams);
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
            {operating ? (
              <>
                <dt className="text-gray-500">Operating threshold</dt>
                <dd>
                  {operating.positiveClass} when p({operating.positiveClass}) ≥ {operating.threshold}
                </dd>
              </>
            ) : null}
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
      <Panel title="Explain this prediction">
        {/* Computed on request, server-side: a sampled explanation costs thousands of model runs. */}
        <p className="mb-3 text-sm">
          <a className="text-blue-700 underline" href="?explain=probability">
            Explain (probability or value)
          </a>{" "}
          ·{" "}
          <a className="text-blue-700 underline" href="?explain=margin">
            Explain in margin (log-odds)
          </a>
        </p>
        {explanation?.status === "shown" ? (
          <ExplanationWaterfall explanation={explanation.explanation} output={explanation.output} />
        ) : explanation ? (
          <p className="text-sm text-gray-600">Cannot explain this prediction: {explanation.reason}</p>
        ) : null}
      </Panel>
    </>
  );
}
