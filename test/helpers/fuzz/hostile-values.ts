import fc from "fast-check";

// Building blocks of the hostile-input fuzz suite: strings, numbers and JSON documents that broke
// (or could break) a server that trusts its input. JSON is built as a tree and written by
// `writeJson`, so a document may hold what JSON.stringify cannot write: number tokens such as
// 1e39 or -0, lone surrogates as escapes, "__proto__" as an own key, nesting thousands deep.

/** A JSON token written as is (a number JSON.stringify would rewrite, or a whole raw document). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object whose keys may include "__proto__" (an object literal would set the prototype instead). */
export class JsonEntries {
  constructor(readonly entries: [string, JsonTree][]) {}
}

export type JsonTree = null | boolean | number | string | RawJson | JsonEntries | JsonTree[] | { [key: string]: JsonTree };

export function writeJson(value: JsonTree): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonEntries) return `{${value.entries.map(([k, v]) => `${writeString(k)}:${writeJson(v)}`).join(",")}}`;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(",")}]`;
  if (typeof value === "string") return writeString(value);
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${writeString(k)}:${writeJson(v)}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

// JSON.stringify escapes a lone surrogate as \udXXX, which is exactly what a hostile client sends.
const writeString = (s: string) => JSON.stringify(s);

const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

/** Strings that have broken servers: control characters, encodings, prototype names, odd times. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfffy",
    "\ud83d",
    "\uffff",
    "\ufffd",
    "\u202e",
    "",
    " ",
    "\n\r\t",
    "%00",
    "%ff",
    "%ED%A0%80",
    "%",
    "%%",
    "%zz",
    "..",
    "../../etc/passwd",
    "a/b",
    "1e39",
    "-1e39",
    "1e-400",
    "-0",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "9".repeat(400),
    "0",
    "-1",
    "1.5",
    "true",
    "null",
    "[]",
    "{}",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "-271821-04-20T00:00:00Z",
    "+010000-01-01T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-11-01T25:61:00Z",
    "'; DROP TABLE predictions; --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style probe, meant literally.
    "${jndi:ldap://x}",
    "🙂".repeat(3),
    ...PROTOTYPE_KEYS,
  ),
  // Any UTF-16 code unit, lone surrogates included.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
  fc.string({ maxLength: 12 }),
  // Huge: past every per-field cap, and well into the body limits.
  fc.constantFrom(10_000, 300_000).map((n) => "x".repeat(n)),
);

/** Numbers as JSON tokens, including those JavaScript reads as Infinity, -0 or a lossy integer. */
export const hostileNumber: fc.Arbitrary<RawJson> = fc
  .oneof(
    fc.constantFrom(
      "1e39",
      "-1e39",
      "1e999",
      "-1e999",
      "-0",
      "0",
      "1e-400",
      "9007199254740993",
      "-9007199254740993",
      "1.7976931348623157e308",
      "5e-324",
      "2147483648",
      "-2147483649",
      "0.1",
      "1.5",
    ),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
    fc.integer().map(String),
  )
  .map((t) => new RawJson(t));

/** A raw document nested `depth` deep: parsers and validators that recurse may overflow the stack. */
export const deepNesting: fc.Arbitrary<RawJson> = fc
  .tuple(fc.constantFrom(100, 5_000, 50_000), fc.constantFrom(["[", "]"], ['{"a":', "}"]))
  .map(([depth, [open, close]]) => new RawJson(`${open.repeat(depth)}1${close.repeat(depth)}`));

const prototypeObject: fc.Arbitrary<JsonEntries> = fc
  .tuple(
    fc.constantFrom(...PROTOTYPE_KEYS),
    fc.oneof(fc.constant<JsonTree>(null), fc.constant<JsonTree>({ polluted: true }), fc.constant<JsonTree>("x")),
  )
  .map(([key, value]) => new JsonEntries([[key, value]]));

/** A hostile JSON value of any type, to put where something else was expected. */
export const hostileJson: fc.Arbitrary<JsonTree> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<JsonTree>(null, true, false, [], {}, [null], [[]], [{}]) },
  { weight: 1, arbitrary: prototypeObject },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonTree> },
);

type PathStep = string | number;

function leafPaths(value: JsonTree, prefix: PathStep[] = []): PathStep[][] {
  const paths: PathStep[][] = [prefix];
  if (Array.isArray(value))
    value.forEach((v, i) => {
      paths.push(...leafPaths(v, [...prefix, i]));
    });
  else if (value !== null && typeof value === "object" && !(value instanceof RawJson) && !(value instanceof JsonEntries)) {
    for (const [k, v] of Object.entries(value)) paths.push(...leafPaths(v, [...prefix, k]));
  }
  return paths;
}

function replaceAt(value: JsonTree, path: PathStep[], replacement: (old: JsonTree) => JsonTree): JsonTree {
  if (!path.length) return replacement(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  // A path into a node that an earlier replacement turned into something else no longer exists.
  if (value === null || typeof value !== "object" || value instanceof RawJson || value instanceof JsonEntries) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === head ? replaceAt(v, rest, replacement) : v]));
}

/**
 * A document close to `example` (a valid request body), so that most mutants get past the first
 * checks and reach deeper code: unchanged, one or several nodes replaced by hostile values, a node
 * wrapped in an array, an extra (prototype) key, or the whole document replaced.
 */
export function mutateJson(example: JsonTree): fc.Arbitrary<JsonTree> {
  const paths = leafPaths(example);
  const at = fc.integer({ min: 0, max: paths.length - 1 }).map((i) => paths[i]);
  const replaceOne = fc.tuple(at, hostileJson).map(([path, hostile]) => replaceAt(example, path, () => hostile));
  const replaceTwo = fc.tuple(at, hostileJson, at, hostileJson).map(([p1, h1, p2, h2]) =>
    replaceAt(
      replaceAt(example, p1, () => h1),
      p2,
      () => h2,
    ),
  );
  const wrap = at.map((path) => replaceAt(example, path, (old) => [old]));
  const extraKey = fc
    .tuple(fc.constantFrom(...PROTOTYPE_KEYS, "extra"), hostileJson)
    .map(([key, hostile]) =>
      example !== null &&
      typeof example === "object" &&
      !Array.isArray(example) &&
      !(example instanceof RawJson) &&
      !(example instanceof JsonEntries)
        ? new JsonEntries([...Object.entries(example), [key, hostile]])
        : example,
    );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(example) },
    { weight: 5, arbitrary: replaceOne },
    { weight: 2, arbitrary: replaceTwo },
    { weight: 1, arbitrary: wrap },
    { weight: 1, arbitrary: extraKey },
    { weight: 1, arbitrary: hostileJson },
  );
}

/** Bodies that are not JSON at all: empty, truncated, another encoding, invalid UTF-8 bytes. */
export const hostileRawBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom<string | Uint8Array>(
    "",
    " ",
    "{",
    '{"inputs":',
    "null",
    "undefined",
    "NaN",
    "a=1&b=2",
    "\u0000",
    '{"a":1}{"b":2}',
    '{"a":1,"a":2}',
    new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
    new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  ),
  fc.uint8Array({ maxLength: 64 }),
);

/** Content types, right and wrong, for a body. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined,
      "application/json; charset=utf-8",
      "application/json; charset=utf-16",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
      "APPLICATION/JSON",
      "application/merge-patch+json",
      "*/*",
      "garbage",
    ),
  },
);

/** A path segment as it goes on the wire: a value percent-encoded, or raw percent garbage. */
export function pathSegment(values: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: values.map(encodeSegment) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "%ff",
        "%00",
        "%ED%A0%80",
        "%C0%AF",
        "%",
        "%zz",
        "%2e%2e",
        "%2F",
        "%25",
        "%25ff",
        "%2500",
        "a%00b",
        "%E2%82",
      ),
    },
  );
}

/** encodeURIComponent refuses lone surrogates; send the UTF-8 of the surrogate (CESU-8) instead. */
export function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\s\S]/g, (c) => {
      const code = c.charCodeAt(0);
      if (code < 0xd800 || code > 0xdfff) return encodeURIComponent(c);
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    });
  }
}

/**
 * A query string built from `known` parameters (each a valid example value) with some values made
 * hostile, a repeated key, a prototype key, or raw percent garbage appended.
 */
export function queryString(known: Record<string, string[]>): fc.Arbitrary<string> {
  const names = Object.keys(known);
  const value = (name: string) =>
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known[name]) }, { weight: 2, arbitrary: hostileString });
  const pair = names.length
    ? fc.constantFrom(...names).chain((name) => value(name).map((v) => `${encodeURIComponent(name)}=${encodeSegment(v)}`))
    : fc.constant("");
  const extra = fc.oneof(
    fc
      .tuple(fc.constantFrom(...PROTOTYPE_KEYS, "\u0000", "a\u0000", "x".repeat(5000)), hostileString)
      .map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`),
    fc.constantFrom("%ff=%ff", "%00=%00", "%=%", "&&&", "a=%zz", "=", "a", "a=1&a=2", "%ED%A0%80=1"),
  );
  return fc
    .tuple(fc.array(pair, { maxLength: 4 }), fc.option(extra, { freq: 4 }))
    .map(([pairs, more]) => [...pairs, ...(more ? [more] : [])].filter(Boolean).join("&"));
}
