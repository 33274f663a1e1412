import { notFound } from "next/navigation";
import { getDatabase } from "@/lib/db/get-database";
import { requireSession } from "@/lib/auth/dashboard-session";
import { ApiError } from "@/lib/core/errors";
import { getModelOrThrow } from "@/lib/registry/get-model-or-throw";
import { getModelVersionOrThrow } from "@/lib/registry/get-model-version-or-throw";
import { getTrafficByModel } from "@/lib/dashboard/get-traffic";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { decodePathSegmentOrNotFound, pageVersionOrNotFound, readPageQuery } from "@/lib/dashboard/page-input";
import { TimeSeriesChart } from "@/lib/dashboard/charts";
import { Badge, Code, EmptyState, PageHeader, Panel, RangePicker, Table } from "@/lib/dashboard/ui";
import { PromoteForm } from "./promote-form";
import { TrainingEvaluation } from "./training-evaluation";
import { ModelTabs } from "@/lib/dashboard/model-tabs";

export const dynamic = "force-dynamic";

const fmt = (x: number | undefined | null) =>
  x === undefined || x === null ? "—" : Number.isInteger(x) ? String(x) : x.toFixed(4);

export default async function ModelPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { name: rawName } = await params;
  const name = decodePathSegmentOrNotFound(rawName);
  const query = await readPageQuery(searchParams);
  const session = await requireSession();
  const db = await getDatabase();
  let model;
  try {
    model = await getModelOrThrow(db.prisma, name);
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
  const production = model.aliases.production as number | undefined;
  const selected = pageVersionOrNotFound(query.version, model.versions) ?? production ?? model.versions[0]?.version;
  const version = selected ? await getModelVersionOrThrow(db.prisma, name, selected) : null;
  const range = parseTimeRange(query);
  const traffic = (await getTrafficByModel(db.sql, range, name)).get(name) ?? [];
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
      <ModelTabs
        name={name}
        current=""
        query={new URLSearchParams(
          Object.entries({ range: query.range, version: query.version }).filter(([, v]) => v) as [string, string][],
        ).toString()}
      />

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
            <Code>{`curl -s http://localhost:3000/api/v1/models/${name}/predict -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{"inputs":[${exampleRecord(manifest?.features ?? [])}]}'`}</Code>
          </EmptyState>
        )}
      </Panel>

      <Panel title="Versions">
        <Table
          caption="Model versions"
          head={["Version", "Registered", "By", "Aliases", `Test ${version?.successCriteria.primaryMetric ?? "metric"}`, "Gate"]}
          rows={
            await Promise.all(
              model.versions.map(async (v) => {
                const detail =
                  v.version === version?.version ? version : await getModelVersionOrThrow(db.prisma, name, v.version);
                const metric = detail.successCriteria.primaryMetric;
                return [
                  <a key="v" href={`?version=${v.version}`} className="text-blue-700 hover:underline">
                    v{v.version}
                  </a>,
                  v.registeredAt.slice(0, 19).replace("T", " "),
                  v.registeredBy,
                  detail.aliases.map((a) => (
                    <Badge key={a} tone={a === "production" ? "green" : "blue"}>
                      {a}
                    </Badge>
                  )),
                  fmt(detail.metrics.test[metric]),
                  detail.productionGate.passed ? <Badge tone="green">passes</Badge> : <Badge tone="red">fails</Badge>,
                ];
              }),
            )
          }
        />
      </Panel>

      {version && manifest ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Panel title={`Version ${version.version}: evaluation`}>
            {manifest.evaluation.testSetLedger?.reused ? (
              <p role="alert" className="mb-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
                Test set reused: it had been evaluated {manifest.evaluation.testSetLedger.evaluations} times when this version was
                trained, so these test metrics are optimistic.
              </p>
            ) : null}
            <p className="mb-2 text-sm text-gray-700">
              Success criteria declared before training: {version.successCriteria.primaryMetric} must reach{" "}
              {version.successCriteria.deployThreshold}
              {version.successCriteria.costFalsePositive !== undefined
                ? ` · cost of a false positive ${version.successCriteria.costFalsePositive}, of a false negative ${version.successCriteria.costFalseNegative ?? "—"}`
                : ""}
            </p>
            <Table
              caption="Test metrics of the model and its baselines"
              head={["Candidate", ...Object.keys(version.metrics.test)]}
              rows={[
                ["this model", ...Object.keys(version.metrics.test).map((k) => fmt(version.metrics.test[k]))],
                ...version.metrics.baselines.map((b) => [
                  b.name,
                  ...Object.keys(version.metrics.test).map((k) => fmt(b.metrics[k])),
                ]),
              ]}
            />
          </Panel>
          <Panel title="Promote to production">
            {session.role === "admin" ? (
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
          <Panel title="Input features">
            <Table
              caption="Features the model expects"
              head={["Feature", "Type", "Nullable", "Expected"]}
              rows={manifest.features.map((f) => [
                f.column ?? f.name,
                f.type,
                f.nullable ? "yes" : "no",
                f.type === "categorical"
                  ? `${f.categories.slice(0, 8).join(", ")}${f.categories.length > 8 ? ", …" : ""} (unseen: ${f.unseenCategory})`
                  : f.type === "numeric" && f.range
                    ? `${f.range.min ?? "−∞"} … ${f.range.max ?? "∞"}`
                    : "—",
              ])}
            />
          </Panel>
          <Panel title="Lineage and SLA">
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
              <dt className="text-gray-500">Data SHA-256</dt>
              <dd className="truncate">{manifest.lineage.dataSha256 ?? "—"}</dd>
              <dt className="text-gray-500">Rows (train/val/test)</dt>
              <dd>
                {manifest.lineage.rows
                  ? `${manifest.lineage.rows.train ?? "—"} / ${manifest.lineage.rows.validation ?? "—"} / ${manifest.lineage.rows.test ?? "—"}`
                  : "—"}
              </dd>
              <dt className="text-gray-500">Seed</dt>
              <dd>{manifest.lineage.seed ?? "—"}</dd>
              <dt className="text-gray-500">Tool version</dt>
              <dd>{manifest.lineage.toolVersion ?? "—"}</dd>
              <dt className="text-gray-500">SLA p99 latency</dt>
              <dd>{manifest.sla ? `${manifest.sla.p99LatencyMs} ms` : "—"}</dd>
              <dt className="text-gray-500">ONNX SHA-256</dt>
              <dd className="truncate">{version.monitorOnly ? "none: monitor-only, served outside Tidemark" : version.sha256}</dd>
            </dl>
          </Panel>
        </div>
      ) : null}

      {version && manifest?.evaluation.charts ? (
        <TrainingEvaluation version={version.version} charts={manifest.evaluation.charts} />
      ) : null}

      <Panel title="Alias history">
        {model.aliasHistory.length === 0 ? (
          <p className="text-sm text-gray-600">No alias has been set yet.</p>
        ) : (
          <Table
            caption="Every alias move, newest first"
            head={["When", "Alias", "Change", "Who", "Why", ""]}
            rows={model.aliasHistory.map((h) => [
              h.at.slice(0, 19).replace("T", " "),
              h.alias,
              h.fromVersion === null
                ? `→ v${h.toVersion}`
                : `v${h.fromVersion} → v${h.toVersion}${h.toVersion < h.fromVersion ? " (rollback)" : ""}`,
              h.actor,
              h.reason ?? "",
              h.forced ? <Badge tone="amber">forced past gate</Badge> : "",
            ])}
          />
        )}
      </Panel>
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
