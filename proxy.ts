import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy } from "@/lib/server/content-security-policy";
import { REQUEST_PATH_HEADER } from "@/lib/auth/safe-redirect-path";

// Gives every page a fresh CSP nonce. Next.js reads the policy from the request headers while it
// renders and puts the nonce on its scripts; the browser gets the same policy on the response.
// The headers every response carries (pages, API, static files) come from next.config.ts.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  // Set here, so a client cannot supply it: where to return after sign-in (see requireSession).
  requestHeaders.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // API routes get a static policy from next.config.ts; static assets need none.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"],
};
