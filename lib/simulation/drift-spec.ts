// Drift to inject into replayed traffic, as a comma-separated list of changes, each starting at a
// fraction of the run:
//   amount+=30@0.5      add 30 to a numeric feature from half-way on
//   amount*=1.5@0.5     scale a numeric feature
//   country=FR@0.6      set a categorical (or boolean: true/false) feature
//   labels:flip@0.75    concept drift: binary labels are flipped (inputs unchanged)

export type DriftChange =
  | { at: number; kind: "add" | "scale"; feature: string; amount: number }
  | { at: number; kind: "set"; feature: string; value: string }
  | { at: number; kind: "flip-labels" };

export class DriftSpecError extends Error {}

export function parseDriftSpec(spec: string | undefined): DriftChange[] {
  if (!spec) return [];
  return spec.split(",").map((raw) => {
    const item = raw.trim();
    const m = /^(.+)@([0-9.]+)$/.exec(item);
    const at = m ? Number(m[2]) : NaN;
    if (!m || !(at >= 0 && at <= 1))
      throw new DriftSpecError(`drift "${item}": end with @FRACTION between 0 and 1, e.g. amount+=30@0.5`);
    const change = m[1];
    if (change === "labels:flip") return { at, kind: "flip-labels" };
    const arithmetic = /^([A-Za-z_][\w.-]*)(\+=|\*=)(-?[0-9.eE+-]+)$/.exec(change);
    if (arithmetic) {
      const amount = Number(arithmetic[3]);
      if (!Number.isFinite(amount)) throw new DriftSpecError(`drift "${item}": ${arithmetic[3]} is not a number`);
      return { at, kind: arithmetic[2] === "+=" ? "add" : "scale", feature: arithmetic[1], amount };
    }
    const set = /^([A-Za-z_](?:[\w.-]*\w)?)=(.+)$/.exec(change);
    if (set) return { at, kind: "set", feature: set[1], value: set[2] };
    throw new DriftSpecError(`drift "${item}": expected FEATURE+=N, FEATURE*=N, FEATURE=VALUE or labels:flip`);
  });
}

/** Applies the changes active at `progress` (0..1) to one record and its label. */
export function applyDrift(
  changes: readonly DriftChange[],
  progress: number,
  record: Record<string, unknown>,
  label: { value: string | null; classes: readonly string[] },
): { record: Record<string, unknown>; label: string | null } {
  const out = { ...record };
  let value = label.value;
  for (const c of changes) {
    if (progress < c.at) continue;
    if (c.kind === "flip-labels") {
      if (value !== null && label.classes.length === 2) value = label.classes[label.classes.indexOf(value) === 0 ? 1 : 0];
      continue;
    }
    const current = out[c.feature];
    if (c.kind === "set") out[c.feature] = typeof current === "boolean" ? c.value === "true" : c.value;
    else if (typeof current === "number") out[c.feature] = c.kind === "add" ? current + c.amount : current * c.amount;
  }
  return { record: out, label: value };
}
