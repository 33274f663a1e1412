import type { Feature, Manifest } from "@/lib/core/manifest/manifest-schema";

// What changed between two versions' manifests, as rows a page or a test reads the same way: the
// section, the item, each side's value as text, and the kind of change. Numbers are shown as they
// are stored, so two thresholds that differ in the fourth decimal do not look equal.

export type DiffChange = "added" | "removed" | "changed" | "same";
export type DiffRow = { section: string; item: string; a: string | null; b: string | null; change: DiffChange };

const text = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === "string" ? value : JSON.stringify(value);

function row(section: string, item: string, a: unknown, b: unknown): DiffRow {
  const [ta, tb] = [text(a), text(b)];
  const change: DiffChange = ta === tb ? "same" : ta === null ? "added" : tb === null ? "removed" : "changed";
  return { section, item, a: ta, b: tb, change };
}

function describeFeature(f: Feature): string {
  const base = `${f.type}${f.nullable ? ", nullable" : ""}`;
  if (f.type === "numeric") return f.range ? `${base}, ${f.range.min ?? "−∞"} … ${f.range.max ?? "∞"}` : base;
  if (f.type === "categorical") return `${base}, ${f.categories.length} categories, unseen: ${f.unseenCategory}`;
  return base;
}

function featureRows(a: Manifest, b: Manifest): DiffRow[] {
  const byName = (m: Manifest) => new Map(m.features.map((f) => [f.name, f]));
  const [fa, fb] = [byName(a), byName(b)];
  const names = [...new Set([...fa.keys(), ...fb.keys()])];
  return names.flatMap((name) => {
    const [x, y] = [fa.get(name), fb.get(name)];
    const rows = [row("features", name, x && describeFeature(x), y && describeFeature(y))];
    if (x?.type === "categorical" && y?.type === "categorical") {
      const added = y.categories.filter((c) => !x.categories.includes(c));
      const removed = x.categories.filter((c) => !y.categories.includes(c));
      if (added.length || removed.length)
        rows.push(row("features", `${name} categories`, removed.join(", ") || "—", added.join(", ") || "—"));
    }
    return rows;
  });
}

function recordRows(section: string, a: Record<string, unknown> = {}, b: Record<string, unknown> = {}): DiffRow[] {
  // Sorted: a manifest stored as jsonb comes back with its keys reordered, so insertion order means nothing.
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.map((key) => row(section, key, a[key], b[key]));
}

function baselineRows(a: Manifest, b: Manifest): DiffRow[] {
  const metric = b.evaluation.successCriteria.primaryMetric;
  const of = (m: Manifest) => Object.fromEntries(m.evaluation.baselines.map((x) => [x.name, x.metrics[metric]]));
  return recordRows(`baselines (${metric})`, of(a), of(b));
}

/** Every compared item of two manifests, `a` the older side by convention; unchanged rows included (filter on `change`). */
export function diffManifests(a: Manifest, b: Manifest): DiffRow[] {
  const { hyperparameters: ha, ...la } = a.lineage;
  const { hyperparameters: hb, ...lb } = b.lineage;
  return [
    row("task", "task", a.task, b.task),
    ...featureRows(a, b),
    row("outputs", "classes", a.outputs.classes?.join(", "), b.outputs.classes?.join(", ")),
    row("outputs", "operating threshold", a.outputs.threshold, b.outputs.threshold),
    ...recordRows("success criteria", a.evaluation.successCriteria, b.evaluation.successCriteria),
    ...recordRows("test metrics", a.evaluation.test, b.evaluation.test),
    ...baselineRows(a, b),
    ...recordRows("feature importance", a.featureImportance, b.featureImportance),
    ...recordRows("lineage", la, lb),
    ...recordRows("hyperparameters", ha, hb),
    row("SLA", "p99 latency ms", a.sla?.p99LatencyMs, b.sla?.p99LatencyMs),
    row("reference profile", "rows", a.referenceProfile?.rows, b.referenceProfile?.rows),
  ];
}
