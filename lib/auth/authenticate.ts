import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { parseToken, secretMatches } from "./api-key-token";
import { hasScope, type Scope } from "./scopes";

export type Caller = { keyId: string; name: string; scopes: string[] };

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
  return { keyId: key.id, name: key.name, scopes: key.scopes };
}

export async function authenticate(prisma: PrismaClient, authorization: string | null, needed: Scope): Promise<Caller> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
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
