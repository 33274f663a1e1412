// Postgres cannot store every JavaScript string: text and jsonb refuse NUL (U+0000), and a lone
// UTF-16 surrogate has no UTF-8 encoding (the driver turns it into U+FFFD, or jsonb refuses its
// \ud800 escape). One such string in a group-committed INSERT fails the whole batch, so strings are
// checked at the edge, with one rule everywhere.

export const NUL_MESSAGE = "contains a NUL character, which cannot be stored";
export const SURROGATE_MESSAGE = "contains an unpaired UTF-16 surrogate";

/** The first reason Postgres would refuse `text`, or null when it can be stored as it is. */
export function unstorableTextProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) return NUL_MESSAGE;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return SURROGATE_MESSAGE;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return SURROGATE_MESSAGE;
    }
  }
  return null;
}

export type UnstorableString = { path: string; message: string };

// In JSON text a NUL or a surrogate can only be written as a \u escape: raw control characters are
// invalid JSON, and bytes that are not UTF-8 decode to U+FFFD. So text without such an escape
// cannot parse to an unstorable string. (A literal backslash before "u0000" also matches; the
// exact walk then decides.)
const POSSIBLY_UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** False when JSON `text` cannot hold a string Postgres refuses, so its parsed value need not be walked. */
export function jsonTextMayHoldUnstorableStrings(text: string): boolean {
  return POSSIBLY_UNSTORABLE_ESCAPE.test(text);
}

/**
 * Every string in a parsed JSON value that Postgres cannot store, object keys included, each with
 * its dotted path (`inputs.3.country`). A bad key is reported at its own path with "(key)"
 * appended, and the path shows it escaped so the answer itself stays storable and readable.
 */
export function findUnstorableStrings(value: unknown, prefix = ""): UnstorableString[] {
  // Iterative, and paths are spelled out only for a problem: a body nested tens of thousands of
  // levels deep (JSON.parse takes it) must neither overflow the stack nor cost quadratic time.
  type Frame = { node: unknown; part: string; parent: number; keyProblem?: string | null };
  const frames: Frame[] = [{ node: value, part: prefix, parent: -1 }];
  const pathOf = (index: number) => {
    const parts: string[] = [];
    for (let i = index; i >= 0; i = frames[i].parent) if (frames[i].part) parts.push(frames[i].part);
    return parts.reverse().join(".");
  };
  const found: UnstorableString[] = [];
  const pending = [0];
  while (pending.length) {
    const index = pending.pop()!;
    const { node, keyProblem } = frames[index];
    if (keyProblem) found.push({ path: `${pathOf(index)} (key)`, message: `the name ${keyProblem}` });
    if (typeof node === "string") {
      const problem = unstorableTextProblem(node);
      if (problem) found.push({ path: pathOf(index) || "(root)", message: problem });
    } else if (node !== null && typeof node === "object") {
      const entries = Array.isArray(node) ? node.map((item, i) => [String(i), item] as const) : Object.entries(node);
      // Pushed in reverse, so problems come out in document order.
      for (let e = entries.length - 1; e >= 0; e--) {
        const [key, child] = entries[e];
        const keyProblem = Array.isArray(node) ? null : unstorableTextProblem(key);
        frames.push({ node: child, part: keyProblem ? escapeUnstorable(key) : key, parent: index, keyProblem });
        pending.push(frames.length - 1);
      }
    }
  }
  return found;
}

/**
 * A storable rendering of any string: NUL and lone surrogates become the JSON-style escapes
 * `\u0000` / `\ud800`, so a dead letter or an error message can keep what was sent.
 */
export function escapeUnstorable(text: string): string {
  if (unstorableTextProblem(text) === null) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += text[i] + text[i + 1];
      i++;
    } else if (unit === 0 || (unit >= 0xd800 && unit <= 0xdfff)) {
      out += `\\u${unit.toString(16).padStart(4, "0")}`;
    } else {
      out += text[i];
    }
  }
  return out;
}

/** For a zod `superRefine` on a string field: the same rule, reported at that field. */
export function refineStorableText(text: string, ctx: { addIssue(issue: { code: "custom"; message: string }): void }): void {
  const problem = unstorableTextProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}
