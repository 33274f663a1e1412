import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";

/**
 * What every alert source produces: per subject (a model version and feature, a job…), a sequence
 * of windows, each breaching the rule's condition or not, with the evidence behind the verdict.
 * Windows where nothing could be judged (too few rows, no labels) are left out: they neither extend
 * a breach nor count as healthy.
 */

/**
 * importanceSource: production (share of the version's mean |attribution| over the day before the
 * evaluation), training (the manifest's importance) or equal (neither known).
 */
export type TopFeature = {
  feature: string;
  importance: number;
  importanceSource?: ImportanceSource;
  effectSize: number | null;
  threshold: number;
  score: number;
};
export type ImportanceSource = "production" | "training" | "equal";

/** A feature whose share of production importance moved between the healthy hours and the breach. */
export type AttributionShift = { feature: string; before: number; during: number; change: number };

export type Evidence = {
  /** One sentence a person can act on. */
  summary: string;
  window: { start: string; end: string };
  statistic?: { name: string; value: number | null; pValue?: number | null; pAdjusted?: number | null };
  effect?: { method: string; value: number | null };
  value?: number | null;
  threshold?: number | null;
  sampleSizes?: Record<string, number | null>;
  /** Drifted features of the window, ranked by importance × effect size relative to its threshold. */
  topFeatures?: TopFeature[];
  /** For performance and business alerts: the features whose attributions shifted most (lifecycle/explain-breach). */
  attributionShift?: AttributionShift[];
  details?: Record<string, unknown>;
  /** Dashboard path of the page that shows this evidence. */
  link: string;
  /** Since when, how strong, what now: added when an alert opens or sees a new breach (lifecycle/explain-breach). */
  breach?: Breach;
};

/** How long and how hard a subject has breached, and what to look at next. */
export type Breach = {
  /** Start of the first window of the current unbroken run of breaching windows. */
  since: string;
  /** Set when the run began before the oldest window the evaluator read: "since at least". */
  sinceIsLowerBound?: boolean;
  firstWindow: { start: string; end: string };
  /** Windows judged since then, and how many of them breached. */
  windows: { judged: number; breaching: number };
  /** The newest breaching window's measure against the rule's threshold. */
  strength: { measure: string; value: number | null; threshold: number | null };
  /** Estimated performance over the breach, when the model has it (null: none stored). */
  estimate: PerformanceEstimate | null;
  nextStep: NextStep;
};

export type PerformanceEstimate = {
  metric: string;
  /** The newest estimated value within the breach, and the threshold it is judged against. */
  value: number | null;
  threshold: number | null;
  /** holds: every estimated window since the breach began meets the threshold. */
  holds: boolean;
  windows: number;
};

export type NextStep = {
  /** What the pattern most likely is, as a stable code (covariate_drift, concept_drift, …). */
  diagnosis: string;
  text: string;
  /** Dashboard path, with its range set around the first breaching window. */
  link: string;
};

export type Observation = { windowStart: Date; windowEnd: Date; breaching: boolean; evidence: Evidence };

export type Subject = {
  /** Stable key: one active alert per rule and key. */
  key: string;
  version: number | null;
  feature: string | null;
  title: string;
};

export type SubjectObservations = { subject: Subject; observations: Observation[] };

export type ModelVersionRef = {
  id: string;
  version: number;
  manifest: Manifest;
  /** Share of production importance per feature over the day before the evaluation, when explained (issue 17). */
  productionImportance?: Map<string, number> | null;
};

export type ModelContext = {
  modelId: string;
  modelName: string;
  versions: ModelVersionRef[];
  /** The reference drift results are currently computed against (lib/monitors referenceKey). */
  referenceKey: string;
  /** The minimums below which a window is provisional and decides nothing. */
  settings: MonitoringSettings;
};

export type SourceOptions = {
  /** How many of the most recent windows to read per version (and subject). */
  windows: number;
  now: Date;
};

/** Groups observations by subject, oldest window first. */
export function groupBySubject(items: { subject: Subject; observation: Observation }[]): SubjectObservations[] {
  const bySubject = new Map<string, SubjectObservations>();
  for (const { subject, observation } of items) {
    let entry = bySubject.get(subject.key);
    if (!entry) bySubject.set(subject.key, (entry = { subject, observations: [] }));
    entry.observations.push(observation);
  }
  for (const entry of bySubject.values()) entry.observations.sort((a, b) => a.windowEnd.getTime() - b.windowEnd.getTime());
  return [...bySubject.values()];
}

export const windowOf = (start: Date, end: Date) => ({ start: start.toISOString(), end: end.toISOString() });

export const round = (x: number | null | undefined, digits = 4) =>
  x === null || x === undefined ? null : Number(x.toPrecision(digits));

/** "v3 · segment country=FR" style prefix for subject keys. */
export function subjectKey(parts: { version?: number | null; segment?: string; rest: string }): string {
  return [parts.version ? `v${parts.version}` : null, parts.segment ? `segment:${parts.segment}` : null, parts.rest]
    .filter(Boolean)
    .join("/");
}
