/** The page a request was for, as proxy.ts saw it; the sign-in page returns there. */
export const REQUEST_PATH_HEADER = "x-tidemark-path";

/**
 * Where to go after sign-in: a same-origin absolute path, or "/". A browser reads `//host` and
 * `/\host` as another origin, and strips tabs and newlines before it does, so anything but a
 * single leading "/" followed by plain path characters falls back to "/".
 */
export function safeRedirectPath(next: unknown): string {
  if (typeof next !== "string" || next.length > 2048) return "/";
  if (!next.startsWith("/") || next.startsWith("//")) return "/";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return "/";
  try {
    const resolved = new URL(next, "http://tidemark.invalid");
    if (resolved.origin !== "http://tidemark.invalid") return "/";
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return "/";
  }
}

/** The sign-in page, with the page to return to when that is not the overview. */
export function signInPath(requestedPath: string | null): string {
  const next = safeRedirectPath(requestedPath);
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
