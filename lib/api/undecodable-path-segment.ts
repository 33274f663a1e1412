/**
 * The first segment of a raw (still percent-encoded) path that does not decode to UTF-8 text, such
 * as `%ff` or an encoded lone surrogate `%ED%A0%80`, or null when every segment decodes.
 */
export function undecodablePathSegment(rawPathname: string): string | null {
  for (const segment of rawPathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}
