import { z } from "zod";

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be greater than 0`);

// Every setting Tidemark reads from the environment. Unset optional values take the defaults
// documented in the README's Configuration section.
export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional(),
  TIDEMARK_DATA_DIR: z.string().min(1, "TIDEMARK_DATA_DIR must not be empty").default(".data"),
  TIDEMARK_MAX_MODEL_MB: positiveInt("TIDEMARK_MAX_MODEL_MB").default(100),
  TIDEMARK_MAX_BATCH: positiveInt("TIDEMARK_MAX_BATCH").default(1000),
  TIDEMARK_MAX_BODY_MB: positiveInt("TIDEMARK_MAX_BODY_MB").default(10),
  TIDEMARK_LOG_MODE: z
    .enum(["durable", "async", "off"], { error: "TIDEMARK_LOG_MODE must be one of durable, async, off" })
    .default("durable"),
  TIDEMARK_LOG_MAX_ROWS: positiveInt("TIDEMARK_LOG_MAX_ROWS").default(5000),
  TIDEMARK_LOG_TIMEOUT_MS: positiveInt("TIDEMARK_LOG_TIMEOUT_MS").default(3000),
  TIDEMARK_DB_POOL_SIZE: positiveInt("TIDEMARK_DB_POOL_SIZE").default(10),
  // Micro-batching (lib/inference/micro-batch.ts): concurrent predict requests for one version
  // share one model run of at most this many rows (1 turns it off), waiting at most this long.
  TIDEMARK_BATCH_MAX_ROWS: positiveInt("TIDEMARK_BATCH_MAX_ROWS").default(256),
  TIDEMARK_BATCH_WAIT_MS: z.coerce
    .number({ error: "TIDEMARK_BATCH_WAIT_MS must be a whole number" })
    .int("TIDEMARK_BATCH_WAIT_MS must be a whole number")
    .min(0, "TIDEMARK_BATCH_WAIT_MS must be 0 or more")
    .max(100, "TIDEMARK_BATCH_WAIT_MS must be at most 100")
    .default(0),
  // Explanations (lib/explain): the background sample drawn from the reference profile, the
  // coalitions KernelSHAP evaluates per record, and the most records one predict may explain.
  TIDEMARK_EXPLAIN_BACKGROUND_ROWS: positiveInt("TIDEMARK_EXPLAIN_BACKGROUND_ROWS").default(100),
  TIDEMARK_EXPLAIN_SAMPLES: positiveInt("TIDEMARK_EXPLAIN_SAMPLES").default(512),
  TIDEMARK_EXPLAIN_MAX_RECORDS: positiveInt("TIDEMARK_EXPLAIN_MAX_RECORDS").default(20),
  // all: dashboard, API, data plane and (per TIDEMARK_SCHEDULER) the scheduler; inference: only the
  // data plane (predict, ingestion, the Open Inference Protocol, metrics), for scaled-out replicas.
  TIDEMARK_ROLE: z.enum(["all", "inference"], { error: "TIDEMARK_ROLE must be all or inference" }).default("all"),
  // Whether the server process runs the monitoring scheduler itself. auto: yes with the embedded
  // database (one process owns it), no with DATABASE_URL (run `npm run jobs` beside the servers).
  TIDEMARK_SCHEDULER: z.enum(["auto", "on", "off"], { error: "TIDEMARK_SCHEDULER must be one of auto, on, off" }).default("auto"),
  TIDEMARK_ADMIN_PASSWORD: z.string().min(12, "TIDEMARK_ADMIN_PASSWORD must be at least 12 characters").optional(),
  TIDEMARK_SESSION_HOURS: positiveInt("TIDEMARK_SESSION_HOURS").default(12),
  // auto: Secure when the request came over HTTPS (directly or per X-Forwarded-Proto); 1/0 force it.
  TIDEMARK_SECURE_COOKIES: z.enum(["auto", "0", "1"], { error: "TIDEMARK_SECURE_COOKIES must be auto, 0 or 1" }).default("auto"),
  // Encrypts alert destinations' secrets (AES-256-GCM); unset → a key file in the data folder.
  // Set it when several machines share one Postgres, or they cannot read each other's secrets.
  TIDEMARK_SECRET_KEY: z.string().min(32, "TIDEMARK_SECRET_KEY must be at least 32 characters").optional(),
  // Where the dashboard is reached, for the links in alert notifications.
  TIDEMARK_PUBLIC_URL: z
    .url({ error: "TIDEMARK_PUBLIC_URL must be a URL, e.g. https://tidemark.example.com" })
    .default("http://localhost:3000"),
  // Comma-separated hosts alert destinations may reach ("hooks.slack.com", "*.example.com",
  // "10.0.0.5", "alerts.internal:8443"); unset allows every host name. Whatever the list says,
  // loopback, private and link-local addresses are reached only with TIDEMARK_ALERT_ALLOW_PRIVATE=1
  // or when the address itself is listed (lib/alerts/destinations/host-allow-list.ts).
  TIDEMARK_ALERT_ALLOWED_HOSTS: z.string().optional(),
  TIDEMARK_ALERT_ALLOW_PRIVATE: z.enum(["0", "1"], { error: "TIDEMARK_ALERT_ALLOW_PRIVATE must be 0 or 1" }).default("0"),
  TIDEMARK_ALERT_TIMEOUT_MS: positiveInt("TIDEMARK_ALERT_TIMEOUT_MS").default(10_000),
  TIDEMARK_ALERT_MAX_ATTEMPTS: positiveInt("TIDEMARK_ALERT_MAX_ATTEMPTS").default(15),
});

export type Env = z.infer<typeof envSchema>;
