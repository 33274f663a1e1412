import type { loadModelOverview } from "@/lib/dashboard/loaders/model-overview";
import { Badge, Panel, Table } from "@/lib/dashboard/components/ui";

type Overview = Awaited<ReturnType<typeof loadModelOverview>>;
type Version = NonNullable<Overview["version"]>;
type Manifest = NonNullable<Version["manifest"]>;

const fmt = (x: number | undefined | null) =>
  x === undefined || x === null ? "—" : Number.isInteger(x) ? String(x) : x.toFixed(4);

/** Every version with its test metric, whether it passes the production gate, and a link comparing it with the one before. */
export function VersionsPanel({
  name,
  versions,
  version,
}: {
  name: string;
  versions: Overview["versions"];
  version: Overview["version"];
}) {
  const compare = (a: number, b: number) => `/models/${encodeURIComponent(name)}/compare?a=${a}&b=${b}`;
  return (
    <Panel title="Versions">
      <Table
        caption="Model versions"
        head={[
          "Version",
          "Registered",
          "By",
          "Aliases",
          `Test ${version?.successCriteria.primaryMetric ?? "metric"}`,
          "Gate",
          "",
        ]}
        rows={versions.map(({ detail, ...v }, i) => {
          const previous = versions[i + 1]?.version;
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
            detail.productionGate.passed ? (
              <Badge key="g" tone="green">
                passes
              </Badge>
            ) : (
              <Badge key="g" tone="red">
                fails
              </Badge>
            ),
            previous === undefined ? (
              ""
            ) : (
              <a key="c" href={compare(previous, v.version)} className="text-blue-700 hover:underline">
                compare with v{previous}
              </a>
            ),
          ];
        })}
      />
    </Panel>
  );
}

/** The chosen version's success criteria and test metrics against its baselines. */
export function EvaluationPanel({ version, manifest }: { version: Version; manifest: Manifest }) {
  return (
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
          ...version.metrics.baselines.map((b) => [b.name, ...Object.keys(version.metrics.test).map((k) => fmt(b.metrics[k]))]),
        ]}
      />
    </Panel>
  );
}

/** The features the chosen version expects and their declared ranges or categories. */
export function FeaturesPanel({ manifest }: { manifest: Manifest }) {
  return (
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
  );
}

/** Where the chosen version came from and its latency objective. */
export function LineagePanel({ version, manifest }: { version: Version; manifest: Manifest }) {
  return (
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
  );
}

/** Every alias move, newest first, and the way to the model's whole history in the audit trail. */
export function AliasHistoryPanel({ name, aliasHistory }: { name: string; aliasHistory: Overview["model"]["aliasHistory"] }) {
  return (
    <Panel title="History">
      <p className="mb-3 text-sm">
        <a href={`/audit?model=${encodeURIComponent(name)}&view=history`} className="text-blue-700 hover:underline">
          Full history of {name}
        </a>{" "}
        <span className="text-gray-600">
          — registrations, alias moves with the gate's verdict, settings changes and forced overrides, with who did them.
        </span>
      </p>
      {aliasHistory.length === 0 ? (
        <p className="text-sm text-gray-600">No alias has been set yet.</p>
      ) : (
        <Table
          caption="Every alias move, newest first"
          head={["When", "Alias", "Change", "Who", "Why", ""]}
          rows={aliasHistory.map((h) => [
            h.at.slice(0, 19).replace("T", " "),
            h.alias,
            h.fromVersion === null
              ? `→ v${h.toVersion}`
              : `v${h.fromVersion} → v${h.toVersion}${h.toVersion < h.fromVersion ? " (rollback)" : ""}`,
            h.actor,
            h.reason ?? "",
            h.forced ? (
              <Badge key="f" tone="amber">
                forced past gate
              </Badge>
            ) : (
              ""
            ),
          ])}
        />
      )}
    </Panel>
  );
}
