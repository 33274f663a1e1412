import { envSchema, type Env } from "./env-schema";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

// Empty strings count as unset so that `FOO= npm run dev` behaves like leaving FOO out.
export function parseConfig(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${String(i.path[0] ?? "environment")}: ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

export function getConfig(): Env {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Validates the environment at process start; prints every problem and exits non-zero. */
export function getConfigOrExit(): Env {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
