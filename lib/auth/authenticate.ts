import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { parseToken, secretMatches } from "./api-key-token";
import { hasScope, type Scope } from "./scopes";
import { keyPrincipal, type Principal } from "@/lib/core/access/principal";

/** An API key that authenticated: its project (null: an instance key) and what it may do. */
export type Caller = { keyId: string; name: string; scopes: string[]; projectId: string | null; principal: Principal };

/** How a key is named in the audit trail, alerts and sessions: `key:<name>`. */
export const callerActor = (caller: Pick<Caller, "name">): string => `key:${caller.name}`;

// Verified keys are remembered briefly so the predict hot path does not query Postgres for every
// request. Revocation in this process clears the cache at once; a revocation made by another
// process takes effect within this TTL.
const CACHE_TTL_MS = 5_000;
const cache = new Map<string, { caller: Caller | null; until: number }>();

export function forgetCachedKeys(): void {
  cache.clear();
}

async function lookup(prisma: PrismaClient, token: string): Promise<Caller | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const key = await prisma.apiKey.findUnique({ where: { lookupId: parsed.lookupId } });
  if (!key || key.revokedAt || !secretMatches(parsed.secret, key.secretHash)) return null;
  const caller = { keyId: key.id, name: key.name, scopes: key.scopes, projectId: key.projectId };
  return { ...caller, principal: keyPrincipal({ ...caller, id: key.id }) };
}

/**
 * The key the request carries, with the scope needed held in its own project (an instance key: in
 * every project). Whether the thing asked for is in that project is the caller's next check
 * (`authorizeModel`, or a list filtered by `visibleProjectIds`).
 */
export async function authenticate(prisma: PrismaClient, authorization: string | null, needed: Scope): Promise<Caller> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? basicAuthKey(authorization);
  if (!token) throw new ApiError("unauthorized", "Missing API key: send Authorization: Bearer <key>");
  const now = Date.now();
  let entry = cache.get(token);
  if (!entry || entry.until < now) {
    entry = { caller: await lookup(prisma, token), until: now + CACHE_TTL_MS };
    if (cache.size > 10_000) cache.clear();
    cache.set(token, entry);
  }
  if (!entry.caller) throw new ApiError("unauthorized", "Unknown or revoked API key");
  if (!hasScope(entry.caller.scopes, needed)) {
    throw new ApiError("forbidden", `This API key lacks the "${needed}" scope`);
  }
  return entry.caller;
}

/**
 * The key as the password of HTTP Basic credentials (any user name). For senders that cannot set a
 * header but send a URL's user info as Basic auth, as Go's net/http client does: KServe's request
 * logger is configured with a URL only.
 */
function basicAuthKey(authorization: string | null): string | undefined {
  const encoded = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  return password && !/\s/.test(password) ? password : undefined;
}
