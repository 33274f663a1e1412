// `tidemark promote` and `tidemark rollback`: alias moves through the promotion gate the API and
// the dashboard use, printing the verdict and its evidence; a refusal exits 1 naming the rules.
import { GATED_ALIAS } from "@/lib/registry/move-alias";
import { type AliasTarget, moveInput, promote, rollback } from "./alias-move";
import { type CommandSpec, parseCommand, usageError } from "./command-spec";
import { endRollout, rolloutInput, startRollout } from "./rollout";

const shared = {
  alias: { type: "string", value: "ALIAS", description: "the alias to move; only production is gated", default: GATED_ALIAS },
  force: { type: "boolean", description: "move even though the gate fails (needs --reason)" },
  reason: {
    type: "string",
    value: "TEXT",
    description: "why, recorded in the alias history and the audit; required with --force",
  },
  server: { type: "string", value: "URL", description: "move it on this server instead of the local database (with --key)" },
  key: { type: "string", value: "KEY", description: "an admin API key of that server" },
} as const;

export const PROMOTE_COMMAND = {
  name: "promote",
  summary: "Point an alias (production by default) at a version, through the promotion gate.",
  usage: [
    'promote MODEL --version N [--alias ALIAS] [--force --reason "…"] [--server URL --key KEY]',
    "promote MODEL --version N --shadow | --canary PERCENT | --ab PERCENT [--alias ALIAS] [--force --reason …]",
    "promote MODEL --end-rollout [--alias ALIAS]",
  ],
  positionals: [{ name: "MODEL", description: "the model's name" }],
  options: {
    version: { type: "string", value: "N", description: "the version to promote, or the challenger of a rollout" },
    shadow: { type: "boolean", description: "roll out as a shadow: it runs on every request, its answers only logged" },
    canary: { type: "string", value: "PERCENT", description: "roll out as a canary answering PERCENT % (1–99) of requests" },
    ab: { type: "string", value: "PERCENT", description: "roll out as an A/B arm answering entities hashed into PERCENT %" },
    "end-rollout": { type: "boolean", description: "end the alias's rollout: its version answers alone again" },
    ...shared,
  },
  notes: [
    "The gate: the version's test value of its primary metric reaches the deploy threshold and beats every baseline. Exit 1 when it refuses.",
    "A canary or A/B challenger answers callers, so it passes the same gate; a shadow does not. Promoting the challenger ends its rollout.",
  ],
  examples: [
    "tidemark promote churn --version 3",
    "tidemark promote churn --version 4 --canary 10",
    "tidemark promote churn --end-rollout",
    'tidemark promote churn --version 4 --force --reason "accepted by the risk team" --server https://tidemark.example.com --key $ADMIN_KEY',
  ],
} as const satisfies CommandSpec;

export const ROLLBACK_COMMAND = {
  name: "rollback",
  summary: "Move an alias (production by default) back to the version it pointed at before its latest move.",
  usage: ['rollback MODEL [--alias ALIAS] [--reason "…"] [--force --reason "…"] [--server URL --key KEY]'],
  positionals: [{ name: "MODEL", description: "the model's name" }],
  options: shared,
  notes: ["The move passes the same gate as a promotion. A second rollback undoes the first."],
  examples: [
    'tidemark rollback churn --reason "v4 slower than its SLA"',
    "tidemark rollback churn --server https://tidemark.example.com --key $ADMIN_KEY",
  ],
} as const satisfies CommandSpec;

function targetOf(
  spec: CommandSpec,
  positionals: string[],
  values: { alias?: string; server?: string; key?: string },
): AliasTarget {
  if (positionals.length !== 1) throw usageError(spec, "Name one model.");
  if (Boolean(values.server) !== Boolean(values.key)) throw usageError(spec, "--server and --key go together.");
  return { model: positionals[0], alias: values.alias ?? GATED_ALIAS, server: values.server, key: values.key };
}

export async function runPromoteCommand(args: string[]): Promise<void> {
  const parsed = parseCommand(PROMOTE_COMMAND, args);
  if (!parsed) return;
  const { values, positionals } = parsed;
  const target = targetOf(PROMOTE_COMMAND, positionals, values);
  const modes = [values.shadow && "shadow", values.canary !== undefined && "canary", values.ab !== undefined && "ab"].filter(
    (m): m is "shadow" | "canary" | "ab" => Boolean(m),
  );
  if (modes.length + (values["end-rollout"] ? 1 : 0) > 1)
    throw usageError(PROMOTE_COMMAND, "Give one of --shadow, --canary, --ab and --end-rollout.");
  if (values["end-rollout"]) return endRollout(target);
  if (!values.version || !/^\d+$/.test(values.version))
    throw usageError(PROMOTE_COMMAND, "--version N is required (a version number).");
  const version = Number(values.version);
  if (modes.length) {
    const percent = modes[0] === "shadow" ? undefined : percentOf(modes[0] === "canary" ? values.canary : values.ab);
    const input = { mode: modes[0], version, percent, reason: values.reason, force: values.force || undefined };
    return startRollout(target, rolloutInput(input));
  }
  await promote(target, moveInput({ version, reason: values.reason, force: values.force }));
}

export async function runRollbackCommand(args: string[]): Promise<void> {
  const parsed = parseCommand(ROLLBACK_COMMAND, args);
  if (!parsed) return;
  const { values, positionals } = parsed;
  const target = targetOf(ROLLBACK_COMMAND, positionals, values);
  // Checked before the history is read; the version is filled in from it.
  const { version: _, ...change } = moveInput({ version: 1, reason: values.reason, force: values.force });
  await rollback(target, change);
}

/** A whole number stays a number so the schema names its range; anything else is passed on to be refused. */
const percentOf = (text: string | undefined): number | string | undefined => (text && /^\d+$/.test(text) ? Number(text) : text);
