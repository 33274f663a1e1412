// report.html: one self-contained page (inline CSS and SVG, no scripts, no network) with the deploy
// verdict first, then the audit, the candidates, the training curves and the test evaluation.

import type { TrainingReport } from "./report-types";
import { barChart, confusionHeatmap, escapeHtml, lineChart } from "./svg-charts";
import { importanceSection, ledgerSection, lrFindSection, searchSection, treesSection } from "./tuning-sections";

const COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2"];

export function renderReportHtml(report: TrainingReport): string {
  const { verdict, selection, audit } = report;
  const sections: string[] = [];
  sections.push(
    `<div class="verdict ${verdict.passed ? "pass" : "fail"}"><strong>${escapeHtml(verdict.message)}</strong><br>${escapeHtml(selection.message)}</div>`,
  );
  const errors = audit.findings.filter((f) => f.severity === "error");
  if (errors.length)
    sections.push(
      `<div class="warn"><strong>The audit found ${errors.length} serious problem${errors.length === 1 ? "" : "s"}</strong>; the numbers below may not hold on new data:<ul>${errors.map((f) => `<li>${escapeHtml(f.message)}</li>`).join("")}</ul></div>`,
    );

  sections.push(
    `<h2>Problem</h2><table>${row("task", report.spec.task)}${row("target", report.spec.target)}${row("primary metric", `${report.spec.metric} (${verdict.direction.replace(/_/g, " ")})`)}${row("deploy threshold", String(report.spec.deployThreshold))}${report.spec.costFp !== undefined ? row("costs", `false positive ${report.spec.costFp}, false negative ${report.spec.costFn}`) : ""}${row("data", `${report.data.file} (${report.data.rows} rows, sha256 ${report.data.sha256.slice(0, 16)}…)`)}${row("split", `${report.split.method}: ${report.split.train} / ${report.split.validation} / ${report.split.test}`)}${row("seed", String(report.spec.seed))}${row("features", `${report.features.used.length} used (${report.features.designWidth} model inputs after encoding), ${report.features.excluded.length} excluded`)}</table>`,
  );

  sections.push(
    `<h2>Models</h2><p>Selected on validation ${escapeHtml(verdict.metric)}; the test set was evaluated once in this run, after selection, for every model (${escapeHtml(report.test.evaluatedAt)})${report.test.ledger.reused ? `, but it had been evaluated before: ${report.test.ledger.evaluations} evaluations in all (see the test-set ledger)` : ""}.</p>`,
  );
  const metricNames = Object.keys(report.candidates[0].validation).filter((m) => m !== verdict.metric);
  sections.push(
    `<table><tr><th>model</th><th>validation ${escapeHtml(verdict.metric)}</th><th>test ${escapeHtml(verdict.metric)}</th>${metricNames.map((m) => `<th>test ${escapeHtml(m)}</th>`).join("")}</tr>${report.candidates
      .map(
        (c) =>
          `<tr${c.name === selection.selected ? ' class="selected"' : ""}><td>${escapeHtml(c.name)}${c.name === selection.selected ? " ✔" : ""}<br><small>${escapeHtml(c.description)}</small></td><td>${num(c.validationPrimary)}</td><td>${num(c.testPrimary)}</td>${metricNames.map((m) => `<td>${num(c.test?.[m])}</td>`).join("")}</tr>`,
      )
      .join("")}</table>`,
  );

  sections.push(searchSection(report));
  sections.push(treesSection(report));
  sections.push(importanceSection(report));
  sections.push(lrFindSection(report));
  if (report.mlp) sections.push(mlpSection(report, report.mlp));

  sections.push(...testEvaluationSections(report));
  sections.push(...dataAuditSections(report));
  sections.push(ledgerSection(report));
  sections.push(
    `<h2>Export</h2><p>ONNX Runtime reproduced the in-process model on ${report.parity.rows} test rows: largest difference ${report.parity.maxAbsDifference.toExponential(2)} (tolerance ${report.parity.tolerance}) — ${report.parity.passed ? "passed" : "FAILED"}.</p>`,
  );

  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tidemark training report — ${escapeHtml(report.spec.target)}</title><style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
.verdict{padding:12px 16px;border-radius:6px;font-size:16px}.pass{background:#e5f5e0}.fail{background:#fde0dd}
.warn{background:#fff3cd;padding:10px 16px;border-radius:6px;margin-top:12px}
tr.selected{background:#eef4fb}tr.error td:first-child{color:#b00;font-weight:bold}tr.warning td:first-child{color:#a60}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
</style></head><body><h1>Training report: ${escapeHtml(report.spec.target)}</h1><p>${escapeHtml(report.tool)} · ${escapeHtml(report.finishedAt)}</p>${sections.join("\n")}</body></html>\n`;
}

function mlpSection(report: TrainingReport, mlp: NonNullable<TrainingReport["mlp"]>): string {
  const { verdict } = report;
  const history = mlp.history;
  const sections: string[] = [];
  sections.push(
    `<h2>MLP training</h2><p>${history.length} epochs on the ${escapeHtml(report.backend)} backend in ${mlp.seconds.toFixed(1)} s (learning rate ${mlp.hyperparameters.learningRate.toPrecision(3)}, from ${escapeHtml(mlp.learningRateSource)}); best validation loss at epoch ${mlp.bestEpoch}${mlp.stoppedEarly ? " (early stopping restored those weights)" : ""}.</p><div class="charts">`,
  );
  sections.push(
    lineChart({
      title: "Loss per epoch",
      xLabel: "epoch",
      yLabel: "loss",
      series: [
        { name: "train", color: COLORS[0], points: history.map((h) => ({ x: h.epoch, y: h.trainLoss })) },
        { name: "validation", color: COLORS[1], points: history.map((h) => ({ x: h.epoch, y: h.validationLoss })) },
      ],
    }),
  );
  const epochMetric =
    report.spec.task === "binary" && verdict.metric !== "auc" ? `${verdict.metric} at threshold 0.5` : verdict.metric;
  sections.push(
    lineChart({
      title: `Validation ${epochMetric} per epoch`,
      xLabel: "epoch",
      yLabel: verdict.metric,
      series: [{ name: verdict.metric, color: COLORS[2], points: history.map((h) => ({ x: h.epoch, y: h.validationMetric })) }],
    }),
  );
  sections.push(
    lineChart({
      title: "Global gradient norm (mean per epoch)",
      xLabel: "epoch",
      yLabel: "‖g‖",
      series: [{ name: "‖g‖", color: COLORS[3], points: history.map((h) => ({ x: h.epoch, y: h.gradientNorm })) }],
    }),
  );
  sections.push("</div>");
  return sections.join("\n");
}

function row(key: string, value: string): string {
  return `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`;
}

function num(v: number | undefined): string {
  return v === undefined || v === null ? "—" : Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** The selected model on the test set: curves and confusion for classifiers, residuals for regression. */
function testEvaluationSections(report: TrainingReport): string[] {
  const { selection } = report;
  const sections: string[] = [];
  const detail = report.test.selected;
  sections.push(`<h2>Test evaluation of the selected model</h2><div class="charts">`);
  if (detail.kind === "binary") {
    const thr = report.candidates.find((c) => c.name === selection.selected)?.threshold;
    sections.push(
      lineChart({
        title: "ROC curve (test)",
        xLabel: "false positive rate",
        yLabel: "true positive rate",
        xDomain: [0, 1],
        yDomain: [0, 1],
        diagonal: true,
        series: [{ name: "ROC", color: COLORS[0], points: detail.roc }],
      }),
    );
    sections.push(
      lineChart({
        title: "Precision–recall curve (test)",
        xLabel: "recall",
        yLabel: "precision",
        xDomain: [0, 1],
        yDomain: [0, 1],
        series: [{ name: "PR", color: COLORS[1], points: detail.pr }],
      }),
    );
    sections.push(
      confusionHeatmap(
        `Confusion matrix at threshold ${thr ? thr.threshold.toFixed(4) : "0.5"} (${thr?.rule.replace(/_/g, " ") ?? ""}, chosen on validation)`,
        report.classes ?? ["0", "1"],
        detail.confusion,
      ),
    );
    const bins = detail.calibration.filter((b) => b.count > 0);
    sections.push(
      lineChart({
        title: "Calibration (reliability, test)",
        xLabel: "mean predicted probability",
        yLabel: "fraction positive",
        xDomain: [0, 1],
        yDomain: [0, 1],
        diagonal: true,
        series: [{ name: "model", color: COLORS[2], points: bins.map((b) => ({ x: b.meanPredicted!, y: b.fractionPositive! })) }],
      }),
    );
  } else if (detail.kind === "multiclass") {
    sections.push(confusionHeatmap("Confusion matrix (test)", report.classes ?? [], detail.confusion));
  } else {
    const { edges, counts } = detail.residuals.histogram;
    sections.push(
      barChart(
        "Residuals (actual − predicted, test)",
        counts.map((value, i) => ({ label: edges[i].toPrecision(3), value })),
        "residual",
      ),
    );
  }
  sections.push("</div>");
  if (detail.kind === "multiclass" && detail.metrics.kind === "multiclass") {
    sections.push(
      `<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>${detail.metrics.perClass.map((c) => `<tr><td>${escapeHtml(report.classes?.[c.classIndex] ?? String(c.classIndex))}</td><td>${num(c.precision)}</td><td>${num(c.recall)}</td><td>${num(c.f1)}</td><td>${c.support}</td></tr>`).join("")}</table>`,
    );
  }

  return sections;
}

/** The audit's findings, the train–test shift and what became of every column. */
function dataAuditSections(report: TrainingReport): string[] {
  const { audit } = report;
  const sections: string[] = [];
  sections.push(
    `<h2>Data audit</h2><table><tr><th>severity</th><th>check</th><th>finding</th></tr>${audit.findings.map((f) => `<tr class="${f.severity}"><td>${f.severity}</td><td>${escapeHtml(f.check)}</td><td>${escapeHtml(f.message)}</td></tr>`).join("") || '<tr><td colspan="3">no findings</td></tr>'}</table>`,
  );
  sections.push(
    `<h3>Train vs test shift</h3><table><tr><th>feature</th><th>statistic</th><th>value</th><th>p-value</th><th>drift</th></tr>${audit.shiftTrainTest.map((s) => `<tr><td>${escapeHtml(s.column)}</td><td>${s.result.test}</td><td>${num(s.result.statistic)}</td><td>${num(s.result.pValue)}</td><td>${s.result.drifted ? "yes" : "no"}</td></tr>`).join("")}</table>`,
  );
  sections.push(
    `<h3>Columns</h3><table><tr><th>column</th><th>type</th><th>missing</th><th>use</th></tr>${report.data.columns
      .map((c) => {
        const used = report.features.used.find((f) => f.column === c.name);
        const excluded = report.features.excluded.find((e) => e.column === c.name);
        const use =
          c.name === report.spec.target
            ? "target"
            : used
              ? `feature ${used.name}`
              : excluded
                ? `excluded: ${excluded.reason}`
                : "not a feature";
        return `<tr><td>${escapeHtml(c.name)}</td><td>${c.type}${c.source === "override" ? " (override)" : ""}</td><td>${c.missing} (${(c.missingFraction * 100).toFixed(1)}%)${c.unparseable ? `, ${c.unparseable} unreadable` : ""}</td><td>${escapeHtml(use)}</td></tr>`;
      })
      .join("")}</table>`,
  );
  if (report.features.excluded.length)
    sections.push(
      `<h3>Excluded columns</h3><ul>${report.features.excluded.map((e) => `<li>${escapeHtml(e.column)}: ${escapeHtml(e.reason)}</li>`).join("")}</ul>`,
    );
  return sections;
}
