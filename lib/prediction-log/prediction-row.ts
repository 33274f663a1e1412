export type PredictionRow = {
  id: string;
  createdAt: Date;
  modelVersionId: string;
  entityId: string | null;
  features: unknown;
  output: unknown;
  latencyMs: number;
  apiKeyId: string | null;
};

export type LogMode = "durable" | "async" | "off";
