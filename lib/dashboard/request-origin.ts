import "server-only";
import { headers } from "next/headers";

/**
 * The origin the browser reached this dashboard at, for copy-paste examples on the pages: a user
 * behind a proxy, on another port or another host gets commands that work where they are, not an
 * assumed http://localhost:3000. Only shown back to the same requester, so a forged Host header
 * misleads no one but its sender.
 */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto.split(",")[0].trim()}://${host.split(",")[0].trim()}`;
}
