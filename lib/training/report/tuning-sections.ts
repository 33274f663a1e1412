// report.html sections for the tree model, the learning-rate range test, the random search and the
// test-set ledger: each returns "" when the run did not do that part.

import type { SearchResult, TrainingReport } from "./report-types";
import { barChart, escapeHtml, lineChart } from "./svg-charts";

const COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756"];

export function treesSection(report: TrainingReport): string {
  const g = report.gbdt;
  if (!g) return "";
  const o = g.options;
  const parts = [
    `<h2>Gradient-boosted trees</h2><p>${g.rounds} rounds kept of up to ${o.rounds} (early stopping after ${o.earlyStoppingRounds} rounds without a lower validation loss), depth ${o.maxDepth}${o.maxLeaves ? `, ${o.maxLeaves} leaves` : ""}, learning rate ${o.learningRate}, L2 ${o.l2}, min child weight ${o.minChildWeight}; trained in ${g.seconds.toFixed(1)} s.</p><div class="charts">`,
    lineChart({
      title: "Loss per boosting round",
      xLabel: "round",
      yLabel: "loss",
      series: [
        { name: "train", color: COLORS[0], points: g.history.map((h) => ({ x: h.round + 1, y: h.trainLoss })) },
        {
          name: "validation",
          color: COLORS[1],
          points: g.history.filter((h) => h.validationLoss !== undefined).map((h) => ({ x: h.round + 1, y: h.validationLoss! })),
        },
      ],
    }),
    barChart(
      "Feature importance (share of split gain)",
      [...g.importance].sort((a, b) => b.share - a.share).map((f) => ({ label: f.feature, value: Number(f.share.toFixed(4)) })),
      "features, most important first",
    ),
    "</div>",
    `<table><tr><th>feature</th><th>gain</th><th>share</th></tr>${[...g.importance]
      .sort((a, b) => b.share - a.share)
      .map(
        (f) =>
          `<tr><td>${escapeHtml(f.feature)}</td><td>${f.gain.toPrecision(4)}</td><td>${(f.share * 100).toFixed(1)}%</td></tr>`,
      )
      .join("")}</table>`,
  ];
  return parts.join("\n");
}

export function lrFindSection(report: TrainingReport): string {
  const r = report.lrFind;
  if (!r) return "";
  const log = (x: number) => Math.log10(x);
  const losses = r.points.map((p) => p.smoothedLoss).filter(Number.isFinite);
  const lo = Math.min(...losses);
  const hi = Math.max(...losses);
  const used =
    report.mlp?.learningRateSource === "lr-find"
      ? "and used"
      : `but not used (learning rate from ${report.mlp?.learningRateSource ?? "elsewhere"})`;
  return [
    `<h2>Learning-rate range test</h2><p>${r.points.length} steps with the rate growing exponentially from ${r.from} to ${r.to}${r.stoppedBy === "divergence" ? " (stopped early: the loss diverged)" : ""}. Suggested rate ${r.suggested.toPrecision(3)}, at the steepest descent of the smoothed loss, ${used}.</p><div class="charts">`,
    lineChart({
      title: "Mini-batch loss against learning rate",
      xLabel: "log10(learning rate)",
      yLabel: "loss",
      series: [
        { name: "loss", color: "#bbb", points: r.points.map((p) => ({ x: log(p.learningRate), y: p.loss })) },
        { name: "smoothed", color: COLORS[0], points: r.points.map((p) => ({ x: log(p.learningRate), y: p.smoothedLoss })) },
        {
          name: `suggested ${r.suggested.toPrecision(3)}`,
          color: COLORS[3],
          dashed: true,
          points: [
            { x: log(r.suggested), y: lo },
            { x: log(r.suggested), y: hi },
          ],
        },
      ],
    }),
    "</div>",
  ].join("\n");
}

export function searchSection(report: TrainingReport): string {
  const s = report.search;
  if (!s) return "";
  const metric = report.verdict.metric;
  const table = (family: string, result: SearchResult | undefined, iteration: string) => {
    if (!result) return "";
    const keys = Object.keys(result.trials[0]?.params ?? {});
    return `<h3>${escapeHtml(family)}</h3><table><tr><th>trial</th>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join("")}<th>${iteration}</th><th>validation ${escapeHtml(metric)}</th><th>seconds</th></tr>${result.trials
      .map(
        (t) =>
          `<tr${t.trial === result.best ? ' class="selected"' : ""}><td>${t.trial}${t.trial === result.best ? " ✔" : ""}</td>${keys.map((k) => `<td>${escapeHtml(String(t.params[k]))}</td>`).join("")}<td>${t.bestIteration}</td><td>${t.validationPrimary.toFixed(4)}</td><td>${t.seconds.toFixed(1)}</td></tr>`,
      )
      .join("")}</table>`;
  };
  const space = (o: Record<string, Record<string, readonly unknown[]>>) =>
    Object.entries(o)
      .map(
        ([k, v]) =>
          `${k} ${Object.entries(v)
            .map(([kind, range]) => `${kind.replace(/([A-Z])/g, "-$1").toLowerCase()} ${range.join("–")}`)
            .join("")}`,
      )
      .join("; ");
  return [
    `<h2>Random search</h2><p>${s.trials} trials per family, drawn from --seed ${report.spec.seed} (the same seed draws the same trials), each early-stopped on validation; the best trial of each family is its candidate.</p>`,
    `<p><small>MLP: ${escapeHtml(space(s.space.mlp as never))}. Trees: ${escapeHtml(space(s.space.gbdt as never))}.</small></p>`,
    table("MLP", s.mlp, "best epoch"),
    table("Gradient-boosted trees", s.gbdt, "rounds"),
  ].join("\n");
}

export function ledgerSection(report: TrainingReport): string {
  const l = report.test.ledger;
  const warning = l.reused
    ? `<div class="warn"><strong>The test set was reused:</strong> this split's test set has been evaluated ${l.evaluations} times. Choices made after earlier looks fit it a little, so the test metrics above are optimistic.</div>`
    : "";
  return `<h2>Test-set ledger</h2>${warning}<p>Split ${escapeHtml(l.splitId)}: ${l.evaluations} evaluation${l.evaluations === 1 ? "" : "s"} of its test set (ledger ${escapeHtml(l.file)}).</p><table><tr><th>#</th><th>evaluated at</th><th>model</th><th>test ${escapeHtml(report.verdict.metric)}</th><th>run folder</th><th>reuse</th></tr>${l.history
    .map(
      (e, i) =>
        `<tr><td>${i + 1}</td><td>${escapeHtml(e.evaluatedAt)}</td><td>${escapeHtml(e.model)}</td><td>${e.value === null ? "—" : e.value.toFixed(4)}</td><td>${escapeHtml(e.runDir)}</td><td>${e.reused ? "--reuse-test-set" : ""}</td></tr>`,
    )
    .join("")}</table>`;
}

/** The exported model's importances when they are not the trees' gain (shown with the trees above). */
export function importanceSection(report: TrainingReport): string {
  const imp = report.featureImportance;
  if (!imp || report.selection.selected === "gbdt") return "";
  const sorted = [...imp.features].sort((a, b) => b.share - a.share);
  return `<h2>Feature importance of the exported model</h2><p>${escapeHtml(imp.source)}; written to the manifest, where monitoring weights drift by it.</p><table><tr><th>feature</th><th>lost</th><th>share</th></tr>${sorted
    .map((f) => `<tr><td>${escapeHtml(f.feature)}</td><td>${f.value.toFixed(4)}</td><td>${(f.share * 100).toFixed(1)}%</td></tr>`)
    .join("")}</table>`;
}
