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
};

export const PREDICTION_SOURCES = ["ingest", "kserve"] as const;
export type PredictionSource = (typeof PREDICTION_SOURCES)[number];

export type LogMode = "durable" | "async" | "off";
