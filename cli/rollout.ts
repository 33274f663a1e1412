// `tidemark promote … --shadow | --canary P | --ab P` and `--end-rollout`: an alias's traffic policy,
// through lib/registry's traffic-policy-store on the local database, or through
// PUT|DELETE /api/v1/models/:name/aliases/:alias/traffic on a server, which calls the same functions.
import { ApiError } from "@/lib/core/errors";
import type { GateVerdict } from "@/lib/registry/evaluate-promotion-gate";
import { trafficPolicySchema, type TrafficPolicyInput } from "@/lib/registry/traffic-policy-schema";
import { clearTrafficPolicy, setTrafficPolicy, type TrafficPolicyView } from "@/lib/registry/traffic-policy-store";
import { type AliasTarget, refusal, request } from "./alias-move";
import { CliError } from "./cli-error";
import { localActor, withLocalDatabase } from "./local-database";

type Set = TrafficPolicyView & { forced: boolean; gate: GateVerdict | null };

/** Validates the flags as the API validates the body, so both refuse the same things. */
export function rolloutInput(input: Record<string, unknown>): TrafficPolicyInput {
  const parsed = trafficPolicySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const flag = (path: string) => (path === "percent" ? `--${String(input.mode)}` : `--${path}`);
  throw new CliError(parsed.error.issues.map((i) => `${flag(String(i.path[0] ?? "mode"))}: ${i.message}`).join("\n"));
}

export async function startRollout(target: AliasTarget, input: TrafficPolicyInput): Promise<void> {
  const set = target.server
    ? ((await request(target, "PUT", trafficPath(target), input)) as Set)
    : await withLocalDatabase((db) =>
        explain(() => setTrafficPolicy(db, { name: target.model, alias: target.alias, input, actor: localActor() })),
      );
  const share =
    set.mode === "shadow" ? "runs on every request, answers none (logged as shadow)" : `answers ${set.percent}% of requests`;
  console.log(
    `${set.model}: ${set.mode} rollout on ${set.alias}: v${set.challengerVersion} ${share}; v${set.championVersion} answers the rest.`,
  );
  if (set.gate) {
    console.log(`Gate: ${set.gate.passed ? "passed" : "FAILED"} on test ${set.gate.metric}`);
    for (const rule of set.gate.rules) console.log(`  ${rule.passed ? "✓" : "✗"} ${rule.message}`);
  }
  if (set.forced) console.log(`Forced past the failed gate; reason recorded in the audit: ${input.reason}`);
  console.log(`Promote the challenger: tidemark promote ${set.model} --version ${set.challengerVersion} (ends the rollout).`);
}

export async function endRollout(target: AliasTarget): Promise<void> {
  const { ended } = target.server
    ? ((await request(target, "DELETE", trafficPath(target))) as { ended: TrafficPolicyView })
    : await withLocalDatabase((db) =>
        explain(() => clearTrafficPolicy(db, { name: target.model, alias: target.alias, actor: localActor() })),
      );
  console.log(
    `${ended.model}: ${ended.mode} rollout of v${ended.challengerVersion} on ${ended.alias} ended; v${ended.championVersion} answers alone.`,
  );
}

const trafficPath = (t: AliasTarget) =>
  `/api/v1/models/${encodeURIComponent(t.model)}/aliases/${encodeURIComponent(t.alias)}/traffic`;

async function explain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError)
      throw refusal({ code: error.code, message: error.message, details: error.details as unknown[] });
    throw error;
  }
}
