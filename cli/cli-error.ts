import { ApiError } from "@/lib/core/errors";

/** An error for the person at the terminal: printed without a stack, exit code 2 for usage errors. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Formats an API error (from lib or from a server's JSON) with its details, one per line. */
export function describeApiError(error: { code: string; message: string; details?: unknown[] }): string {
  const lines = [`${error.message} (${error.code})`];
  for (const detail of error.details ?? []) {
    const d = detail as { path?: string; message?: string };
    lines.push(`  - ${d.path ? `${d.path}: ` : ""}${d.message ?? JSON.stringify(detail)}`);
  }
  return lines.join("\n");
}

export function toCliError(error: unknown): unknown {
  if (error instanceof ApiError) return new CliError(describeApiError(error), 1);
  return error;
}
