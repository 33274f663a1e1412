/**
 * Whether the session cookie gets the Secure flag. TIDEMARK_SECURE_COOKIES=1 or 0 decides; `auto`
 * (the default) marks it Secure when the request came over HTTPS, as the server saw it or as the
 * proxy in front of it says in X-Forwarded-Proto.
 */
export function wantsSecureCookie(setting: "0" | "1" | "auto", forwardedProto: string | null): boolean {
  if (setting !== "auto") return setting === "1";
  return forwardedProto?.split(",")[0].trim().toLowerCase() === "https";
}
