import { requestOrigin } from "@/lib/dashboard/request-origin";
import { loadModelOverview } from "@/lib/dashboard/loaders/model-overview";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { Code, EmptyState, PageHeader, Panel, RangePicker } from "@/lib/dashboard/components/ui";
import { AliasHistoryPanel, EvaluationPanel, FeaturesPanel, LineagePanel, VersionsPanel } from "./model-sections";
import { PromoteForm } from "./promote-form";
import { RolloutForm } from "./rollout-form";
import { TrainingEvaluation } from "./training-evaluation";
import { ModelTabs } from "@/lib/dashboard/components/model-tabs";

export const dynamic = "force-dynamic";

export default async function ModelPage(props: { params: PageParams; searchParams: SearchParams }) {
  const { name, model, query, range, carried, production, version, versions, traffic, rollout, canPromote } =
    await loadModelOverview(props.params, props.searchParams);
  const manifest = version?.manifest;

  return (
    <>
      <PageHeader
        title={model.name}
        subtitle={
          <>
            {model.task} · {model.versions.length} version{model.versions.length === 1 ? "" : "s"} · production:{" "}
            {production ? `v${production}` : "none"}
          </>
        }
      >
        <RangePicker current={range.key} extra={{ version: query.version }} />
      </PageHeader>
      <ModelTabs name={name} current="" query={carried} />

      <Panel title="Traffic">
        {traffic.some((p) => p.predictions > 0) ? (
          <TimeSeriesChart
            data={traffic}
            categories={["predictions"]}
            label={`Predictions per bucket for ${name}`}
            valueFormatter="count"
            kind="area"
          />
        ) : (
          <EmptyState title={`No predictions in the last ${range.key}.`}>
            <p>Send one (with a key that has the predict scope):</p>
            <Code>{`curl -s ${await requestOrigin()}/api/v1/models/${name}/predict -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{"inputs":[${exampleRecord(manifest?.features ?? [])}]}'`}</Code>
          </EmptyState>
        )}
      </Panel>

      <VersionsPanel name={name} versions={versions} version={version} />

      {production !== undefined && (canPromote || rollout) ? (
        <Panel title="Rollout on production">
          {canPromote ? (
            <RolloutForm
              model={name}
              policy={rollout}
              versions={versions.filter((v) => !v.detail.monitorOnly && v.version !== production).map((v) => v.version)}
            />
          ) : (
            <p className="text-sm">
              {rollout?.mode}: v{rollout?.challengerVersion} beside v{rollout?.championVersion}
              {rollout?.percent ? ` (${rollout.percent}%)` : ""}. Changing it needs an admin key.
            </p>
          )}
        </Panel>
      ) : null}

      {version && manifest ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <EvaluationPanel version={version} manifest={manifest} />
          <Panel title="Promote to production">
            {canPromote ? (
              <PromoteForm
                model={name}
                version={version.version}
                gate={version.productionGate}
                isProduction={production === version.version}
              />
            ) : (
              <p className="text-sm text-gray-600">Read-only session: promotion needs an admin key.</p>
            )}
          </Panel>
          <FeaturesPanel manifest={manifest} />
          <LineagePanel version={version} manifest={manifest} />
        </div>
      ) : null}

      {version && manifest?.evaluation.charts ? (
        <TrainingEvaluation version={version.version} charts={manifest.evaluation.charts} />
      ) : null}

      <AliasHistoryPanel name={name} aliasHistory={model.aliasHistory} />
    </>
  );
}

function exampleRecord(features: { name: string; type: string; categories?: string[] }[]): string {
  const pairs = features.map(
    (f) =>
      `"${f.name}":${f.type === "numeric" ? "1.0" : f.type === "boolean" ? "false" : JSON.stringify(f.categories?.[0] ?? "")}`,
  );
  return `{${pairs.join(",")}}`;
}
