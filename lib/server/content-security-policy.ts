/**
 * The Content-Security-Policy of dashboard pages. Scripts run only with this response's nonce
 * (Next.js reads it from the request's CSP header and puts it on its own scripts), and what they
 * load is trusted through 'strict-dynamic'. Styles allow inline attributes because the charts set
 * style="" on SVG elements; a nonce in style-src would switch that off. React needs eval only in
 * development, for its error overlays.
 */
export function pageContentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** API answers are data, never documents: nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
