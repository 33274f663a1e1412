// The test-set ledger: every evaluation of a split's test set is written down, so a second look
// (after changing hyperparameters, features, models…) is refused unless asked for, and recorded.
// A test set read many times stops being an unbiased estimate: the choices made after each look
// fit it a little.
//
// Where: one file, `.tidemark-test-ledger.json`, in the data file's folder (or --ledger FILE). The
// test set belongs to the data, not to a run: people point --out somewhere new for every
// experiment, which is exactly when the ledger must still see the earlier looks, while the data
// file stays put. A ledger beside --out would be reset by a new folder; one in a home directory
// would not travel with a project's data. The file is small JSON, meant to be committed with the
// data it describes.
//
// Two runs started at the same moment can both find the split unused; the ledger guards against a
// person repeating an evaluation, not against concurrent processes.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export const LEDGER_FILE_NAME = ".tidemark-test-ledger.json";

export interface SplitIdentity {
  dataSha256: string;
  target: string;
  task: string;
  method: "column" | "chronological" | "random";
  /** The split or time column, for the split methods that read one. */
  column?: string;
  /** Only for random splits: a column-defined split does not depend on the seed, so changing it does not make a new test set. */
  seed?: number;
}

const entrySchema = z.object({
  evaluatedAt: z.string(),
  runDir: z.string(),
  model: z.string(),
  metric: z.string(),
  value: z.number().nullable(),
  reused: z.boolean(),
});
export type LedgerEntry = z.infer<typeof entrySchema>;

const ledgerSchema = z.object({
  version: z.literal(1),
  splits: z.record(
    z.string(),
    z.object({ data: z.string(), identity: z.record(z.string(), z.unknown()), evaluations: z.array(entrySchema) }),
  ),
});
type Ledger = z.infer<typeof ledgerSchema>;

export class LedgerError extends Error {}

/** 16 hex digits of SHA-256 over the identity's fields in a fixed order. */
export function splitIdOf(identity: SplitIdentity): string {
  const canonical = JSON.stringify([
    identity.dataSha256,
    identity.target,
    identity.task,
    identity.method,
    identity.column ?? null,
    identity.seed ?? null,
  ]);
  return crypto.createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

export function ledgerPathFor(dataFile: string, override?: string): string {
  return override ? path.resolve(override) : path.join(path.dirname(path.resolve(dataFile)), LEDGER_FILE_NAME);
}

function readLedger(file: string): Ledger {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, splits: {} };
    throw new LedgerError(`cannot read the test-set ledger ${file}: ${(error as Error).message}`);
  }
  let parsed: ReturnType<typeof ledgerSchema.safeParse>;
  try {
    parsed = ledgerSchema.safeParse(JSON.parse(text));
  } catch (error) {
    throw new LedgerError(
      `the test-set ledger ${file} is not JSON (${(error as Error).message}); restore it from version control rather than deleting it`,
    );
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LedgerError(
      `the test-set ledger ${file} is malformed at ${issue.path.join(".") || "the top level"}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** Earlier evaluations of this split's test set, oldest first. */
export function priorEvaluations(file: string, splitId: string): LedgerEntry[] {
  return readLedger(file).splits[splitId]?.evaluations ?? [];
}

/** Appends one evaluation and returns the split's full list. Written to a temporary file and renamed, so a crash never leaves half a ledger. */
export function recordEvaluation(options: {
  file: string;
  splitId: string;
  identity: SplitIdentity;
  dataFile: string;
  entry: LedgerEntry;
}): LedgerEntry[] {
  const ledger = readLedger(options.file);
  const split = (ledger.splits[options.splitId] ??= {
    data: path.basename(options.dataFile),
    identity: { ...options.identity },
    evaluations: [],
  });
  split.evaluations.push(options.entry);
  const temporary = `${options.file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, `${JSON.stringify(ledger, null, 2)}\n`);
    fs.renameSync(temporary, options.file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new LedgerError(
      `cannot write the test-set ledger ${options.file}: ${(error as Error).message}; give a writable place with --ledger FILE`,
    );
  }
  return split.evaluations;
}

/** The refusal a person sees: what was evaluated, when, and the two ways forward. */
export function reuseRefusal(file: string, splitId: string, prior: readonly LedgerEntry[]): string {
  const last = prior[prior.length - 1];
  const list = prior
    .map(
      (e) => `  - ${e.evaluatedAt}: ${e.model} → test ${e.metric} ${e.value === null ? "—" : e.value.toFixed(4)} (${e.runDir})`,
    )
    .join("\n");
  return (
    `The test set of this split (${splitId}) has already been evaluated ${prior.length} time${prior.length === 1 ? "" : "s"}, last on ${last.evaluatedAt}:\n${list}\n` +
    `Looking again after changing the run makes its test metrics optimistic. Pass --reuse-test-set to evaluate anyway ` +
    `(the report, the manifest and the dashboard will say the test set was reused), or make a fresh test set ` +
    `(new data, another --seed for a random split). Ledger: ${file}`
  );
}
