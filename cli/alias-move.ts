// Moves an alias for `tidemark promote` and `tidemark rollback`: through lib/registry's moveAlias
// (the promotion gate, the alias history, the audit) on the local database, or through
// PUT /api/v1/models/:name/aliases/:alias on a server, which calls the same function.
import { getModelOrThrow } from "@/lib/registry/get-model-or-throw";
import { moveAlias, moveAliasSchema, type MoveAliasInput } from "@/lib/registry/move-alias";
import type { GateVerdict } from "@/lib/registry/evaluate-promotion-gate";
import { versionBeforeLastMove } from "@/lib/registry/version-before-last-move";
import { ApiError } from "@/lib/core/errors";
import { CliError, describeApiError } from "./cli-error";
import { localActor, withLocalDatabase } from "./local-database";

export type AliasTarget = { model: string; alias: string; server?: string; key?: string };
type Moved = {
  model: string;
  alias: string;
  version: number;
  previousVersion: number | null;
  forced: boolean;
  gate: GateVerdict | null;
};
type Change = Omit<MoveAliasInput, "version">;

/** Validates the flags as the API validates the body, so both refuse the same things. */
export function moveInput(input: { version: number; reason?: string; force?: boolean }): MoveAliasInput {
  const parsed = moveAliasSchema.safeParse({ version: input.version, reason: input.reason, force: input.force || undefined });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `--${String(i.path[0] ?? "version")}: ${i.message}`).join("\n");
  throw new CliError(problems);
}

export async function promote(target: AliasTarget, input: MoveAliasInput): Promise<void> {
  print(await (target.server ? moveOverHttp(target, input) : moveLocally(target, input)), input);
}

/** Moves the alias back to where it pointed before its latest move. */
export async function rollback(target: AliasTarget, change: Change): Promise<void> {
  if (target.server) {
    const model = (await request(target, "GET", `/api/v1/models/${encodeURIComponent(target.model)}`)) as {
      aliasHistory: { alias: string; fromVersion: number | null; toVersion: number }[];
    };
    const input = { ...change, version: previousOrExit(model.aliasHistory, target) };
    return print(await moveOverHttp(target, input), input);
  }
  const moved = await withLocalDatabase(async (db) => {
    const model = await getModelOrThrow(db.prisma, target.model);
    const input = { ...change, version: previousOrExit(model.aliasHistory, target) };
    return {
      input,
      moved: await moveAliasOrExplain(() =>
        moveAlias(db.prisma, { name: target.model, alias: target.alias, input, actor: localActor() }),
      ),
    };
  });
  print(moved.moved, moved.input);
}

function previousOrExit(history: Parameters<typeof versionBeforeLastMove>[0], target: AliasTarget): number {
  try {
    return versionBeforeLastMove(history, target);
  } catch (error) {
    if (error instanceof ApiError) throw new CliError(error.message, 1);
    throw error;
  }
}

function moveLocally(target: AliasTarget, input: MoveAliasInput): Promise<Moved> {
  return withLocalDatabase((db) =>
    moveAliasOrExplain(() => moveAlias(db.prisma, { name: target.model, alias: target.alias, input, actor: localActor() })),
  );
}

async function moveAliasOrExplain(move: () => Promise<Moved>): Promise<Moved> {
  try {
    return await move();
  } catch (error) {
    if (error instanceof ApiError) throw refusal(error);
    throw error;
  }
}

async function moveOverHttp(target: AliasTarget, input: MoveAliasInput): Promise<Moved> {
  const path = `/api/v1/models/${encodeURIComponent(target.model)}/aliases/${encodeURIComponent(target.alias)}`;
  return (await request(target, "PUT", path, input)) as Moved;
}

export async function request(
  target: AliasTarget,
  method: "GET" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = new URL(path, target.server);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${target.key}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    throw new CliError(`Could not reach ${url.origin}: ${(error as Error).message}`, 1);
  }
  const json = (await response.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown[] };
  } | null;
  if (!response.ok) {
    if (json?.error) throw refusal(json.error);
    throw new CliError(`The server answered ${response.status}`, 1);
  }
  return json;
}

/** A refused move: the gate's failed rules are its evidence, one per line. */
export function refusal(error: { code: string; message: string; details?: unknown[] }): CliError {
  const lines = [`Refused: ${describeApiError({ code: error.code, message: error.message })}`];
  for (const detail of error.details ?? []) {
    const rule = detail as { message?: string; passed?: boolean; path?: string };
    lines.push(rule.passed === false ? `  ✗ ${rule.message}` : `  - ${rule.path ? `${rule.path}: ` : ""}${rule.message}`);
  }
  if (error.code === "gate_failed") lines.push('Fix the model, or override with --force --reason "why" (recorded in the audit).');
  return new CliError(lines.join("\n"), 1);
}

function print(moved: Moved, input: MoveAliasInput): void {
  const from = moved.previousVersion === null ? "no version" : `v${moved.previousVersion}`;
  console.log(`${moved.model}: ${moved.alias} moved from ${from} to v${moved.version}.`);
  if (!moved.gate) console.log(`Gate: none (only the production alias is gated).`);
  else {
    console.log(
      `Gate: ${moved.gate.passed ? "passed" : "FAILED"} on test ${moved.gate.metric} (${moved.gate.direction.replaceAll("_", " ")})`,
    );
    for (const rule of moved.gate.rules) console.log(`  ${rule.passed ? "✓" : "✗"} ${rule.message}`);
  }
  if (moved.forced) console.log(`Forced past the failed gate; reason recorded in the audit: ${input.reason}`);
  else if (input.reason) console.log(`Reason recorded: ${input.reason}`);
}
