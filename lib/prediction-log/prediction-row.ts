export type PredictionRow = {
  id: string;
  createdAt: Date;
  modelVersionId: string;
  entityId: string | null;
  features: unknown;
  output: unknown;
  latencyMs: number;
  apiKeyId: string | null;
  /** Absent when Tidemark served the prediction; set for rows sent to the ingestion API. */
  source?: PredictionSource;
  /** A shadow row's champion row: the caller's answer for the same record (lib/serving/run-shadow.ts). */
  pairedPredictionId?: string;
};

/** `shadow`: a challenger's answer the caller never saw (a rollout on the alias). */
export const PREDICTION_SOURCES = ["ingest", "kserve", "shadow"] as const;
export type PredictionSource = (typeof PREDICTION_SOURCES)[number];

export type LogMode = "durable" | "async" | "off";
