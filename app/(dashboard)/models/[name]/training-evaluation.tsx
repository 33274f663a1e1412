import type { ReactNode } from "react";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { BinsChart, CurveChart } from "@/lib/dashboard/components/charts";
import { Badge, Panel } from "@/lib/dashboard/components/ui";
import { calibrationOnGrid } from "@/lib/dashboard/calibration-grid";

type Charts = NonNullable<Manifest["evaluation"]["charts"]>;

const SEVERITY_TONE = { error: "red", warning: "amber", info: "blue", note: "gray" } as const;
const two = (x: number) => x.toFixed(2);

/** Confusion matrix as a table (readable by screen readers), shaded by each row's share. */
function ConfusionHeatmap({ confusion }: { confusion: NonNullable<Charts["confusion"]> }) {
  return (
    <table className="text-sm" aria-label="Confusion matrix on the test set" data-testid="confusion-matrix">
      <caption className="mb-1 text-left text-xs text-gray-600">
        Rows: actual class; columns: predicted
        {confusion.threshold !== undefined ? ` at threshold ${confusion.threshold.toFixed(4)}` : ""}.
      </caption>
      <thead>
        <tr>
          <th scope="col" className="px-2 py-1 text-left text-xs font-medium text-gray-500">
            actual \ predicted
          </th>
          {confusion.labels.map((l) => (
            <th key={l} scope="col" className="px-2 py-1 text-xs font-medium text-gray-500">
              {l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.matrix.map((row, i) => {
          const total = row.reduce((s, v) => s + v, 0) || 1;
          return (
            <tr key={confusion.labels[i]}>
              <th scope="row" className="px-2 py-1 text-left text-xs font-medium text-gray-700">
                {confusion.labels[i]}
              </th>
              {row.map((v, j) => (
                <td
                  key={confusion.labels[j]}
                  className="px-3 py-2 text-center tabular-nums"
                  style={{
                    backgroundColor: `rgba(37, 99, 235, ${(0.08 + 0.72 * (v / total)).toFixed(3)})`,
                    color: v / total > 0.65 ? "white" : undefined,
                  }}
                >
                  {v.toLocaleString("en-US")}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One chart of the evaluation under its heading. */
function Figure({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h3 className="mb-1 text-sm font-medium text-gray-700">{title}</h3>
      {children}
    </div>
  );
}

/** The training evaluation of one version, from its manifest: curves, confusion, loss, audit. */
export function TrainingEvaluation({ version, charts }: { version: number; charts: Charts }) {
  const lossLabel = charts.lossUnit === "round" ? "boosting round" : "epoch";
  return (
    <Panel title={`Version ${version}: training evaluation (${charts.model}, test set)`} id="training-evaluation">
      <div className="grid gap-6 lg:grid-cols-2">
        {charts.roc ? (
          <Figure title="ROC curve">
            <CurveChart
              testId="roc-chart"
              label="ROC curve on the test set"
              xLabel="false positive rate"
              categories={["true positive rate", "chance"]}
              data={charts.roc.map((p) => ({ x: two(p.x), "true positive rate": p.y, chance: p.x }))}
            />
          </Figure>
        ) : null}
        {charts.pr ? (
          <Figure title="Precision–recall curve">
            <CurveChart
              testId="pr-chart"
              label="Precision–recall curve on the test set"
              xLabel="recall"
              categories={["precision"]}
              data={charts.pr.map((p) => ({ x: two(p.x), precision: p.y }))}
            />
          </Figure>
        ) : null}
        {charts.calibration?.length ? (
          <Figure title="Calibration (reliability)">
            <CurveChart
              testId="calibration-chart"
              label="Calibration on the test set: fraction positive by mean predicted probability"
              xLabel="mean predicted probability"
              categories={["fraction positive", "perfect"]}
              data={calibrationOnGrid(charts.calibration)}
            />
          </Figure>
        ) : null}
        {charts.loss?.length ? (
          <Figure title="Training and validation loss">
            <CurveChart
              testId="loss-chart"
              label={`Training and validation loss by ${lossLabel}`}
              xLabel={lossLabel}
              categories={["train", "validation"]}
              colors={["blue", "amber"]}
              data={charts.loss.map((l) => ({ x: String(l.step), train: l.train, validation: l.validation }))}
            />
          </Figure>
        ) : null}
        {charts.residuals ? (
          <Figure title="Residuals (actual − predicted)">
            <BinsChart
              label="Histogram of test-set residuals"
              data={charts.residuals.counts.map((count, i) => ({ bin: `${charts.residuals!.edges[i].toPrecision(3)}…`, count }))}
            />
          </Figure>
        ) : null}
        {charts.confusion ? (
          <Figure title="Confusion matrix">
            <ConfusionHeatmap confusion={charts.confusion} />
          </Figure>
        ) : null}
      </div>
      <h3 className="mt-4 text-sm font-medium text-gray-700">Data audit</h3>
      {charts.audit.length === 0 ? (
        <p className="text-sm text-gray-600">The audit found nothing to report.</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm" aria-label="Audit findings">
          {charts.audit.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: findings are a fixed list from the manifest with no id, never reordered.
            <li key={i} className="flex items-start gap-2">
              <Badge tone={SEVERITY_TONE[f.severity as keyof typeof SEVERITY_TONE] ?? "gray"}>{f.severity}</Badge>
              <span>{f.message}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
