import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { can, canSee, type Permission, type Principal } from "@/lib/core/access/principal";

// A model's project is read on every model-scoped request, predict included, so it is remembered
// briefly like a verified key. A model never changes project; an unknown name is not remembered.
const CACHE_TTL_MS = 5_000;
const cache = new Map<string, { projectId: string | null; until: number }>();

export function forgetCachedModelProjects(): void {
  cache.clear();
}

/** The project id of the model so named, or null when there is none. */
export async function projectOfModel(prisma: PrismaClient, name: string): Promise<string | null> {
  const now = Date.now();
  const hit = cache.get(name);
  if (hit && hit.until >= now) return hit.projectId;
  const row = await prisma.model.findUnique({ where: { name }, select: { projectId: true } });
  // Only a found model is remembered: a remembered "no such model" would leave the gate open to
  // everyone for the TTL after the model's registration (the handlers find the model meanwhile).
  if (!row) return null;
  if (cache.size > 10_000) cache.clear();
  cache.set(name, { projectId: row.projectId, until: now + CACHE_TTL_MS });
  return row.projectId;
}

/**
 * The gate of every model-scoped request: a model in a project the principal may not see does not
 * exist for it (404, the same answer as an unknown name, so nothing leaks); one it may see but not
 * act on is a 403. Returns the model's project id, or null when the model does not exist (the
 * caller decides: most answer 404, registration creates it).
 */
export async function authorizeModel(
  prisma: PrismaClient,
  principal: Principal,
  name: string,
  permission: Permission,
): Promise<string | null> {
  const projectId = await projectOfModel(prisma, name);
  if (projectId === null) return null;
  if (!canSee(principal, projectId)) throw new ApiError("not_found", `No model named "${name}"`);
  if (!can(principal, projectId, permission)) throw forbidden(principal, permission);
  return projectId;
}

export function forbidden(principal: Principal, permission: Permission): ApiError {
  return principal.kind === "key"
    ? new ApiError("forbidden", `This API key lacks the permission to ${permission} here (see its scopes)`)
    : new ApiError("forbidden", `Your role in this project does not allow "${permission}"`);
}
