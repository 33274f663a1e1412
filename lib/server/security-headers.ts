import { API_CONTENT_SECURITY_POLICY } from "./content-security-policy";

// On every response: next.config.ts gives them to what Next.js serves, the data plane
// (data-plane.ts) to what it serves itself. Pages get their nonce-based policy from proxy.ts.
export const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** What an API response carries beyond the headers every response has. */
export const API_HEADERS = [...SECURITY_HEADERS, { key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }];
