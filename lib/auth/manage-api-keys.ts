import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { DEFAULT_PROJECT_ID } from "@/lib/core/access/default-project";
import { newToken } from "./api-key-token";
import { scopeSchema } from "./scopes";
import { forgetCachedKeys } from "./authenticate";
import { revokeSessionsOfKey } from "./session-store";

export const createKeySchema = z.object({
  name: z
    .string({ error: "name is required" })
    .min(1, "must not be empty")
    .max(64, "must be at most 64 characters")
    .regex(/^[A-Za-z0-9_.-]+$/, "may contain letters, digits, _ . - only"),
  scopes: z.array(scopeSchema).min(1, "must list at least one scope"),
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

export type ApiKeySummary = { name: string; scopes: string[]; createdAt: string; createdBy: string; revokedAt: string | null };

function summary(key: {
  name: string;
  scopes: string[];
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
}): ApiKeySummary {
  return {
    name: key.name,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Returns the secret token; it is never stored and cannot be shown again. `projectId` null makes an
 * instance key, whose scopes hold in every project: only an instance admin may make one; absent,
 * the key belongs to the default project.
 */
export async function createApiKey(prisma: PrismaClient, input: CreateKeyInput & { projectId?: string | null }, actor: string) {
  const projectId = input.projectId === undefined ? DEFAULT_PROJECT_ID : input.projectId;
  const { token, lookupId, secretHash } = newToken();
  const scopes = [...new Set(input.scopes)];
  return prisma.$transaction(async (tx) => {
    const existing = await tx.apiKey.findUnique({ where: { name: input.name } });
    if (existing) throw new ApiError("conflict", `An API key named "${input.name}" already exists`);
    const key = await tx.apiKey.create({
      data: { name: input.name, lookupId, secretHash, scopes, createdBy: actor, projectId },
    });
    await recordAuditEvent(tx, {
      actor,
      kind: "api_key.created",
      subject: `api_key:${input.name}`,
      projectId,
      after: { scopes },
    });
    return { token, key: summary(key) };
  });
}

export async function revokeApiKey(db: Database, name: string, actor: string): Promise<ApiKeySummary> {
  const result = await db.prisma.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { name } });
    if (!key) throw new ApiError("not_found", `No API key named "${name}"`);
    if (key.revokedAt) return summary(key);
    const now = new Date();
    const revoked = await tx.apiKey.update({ where: { name }, data: { revokedAt: now } });
    // Dashboard sessions opened with this key end in the same transaction: no window in which a
    // revoked key's cookie still works.
    const sessionsRevoked = await revokeSessionsOfKey(tx, { apiKeyId: key.id, actor, now });
    await recordAuditEvent(tx, {
      actor,
      kind: "api_key.revoked",
      subject: `api_key:${name}`,
      before: { scopes: key.scopes, revokedAt: null },
      after: { revokedAt: now.toISOString(), sessionsRevoked },
    });
    return summary(revoked);
  });
  forgetCachedKeys();
  return result;
}

export async function listApiKeys(db: Database): Promise<ApiKeySummary[]> {
  // Keys created in the same millisecond (a setup script) tie on createdAt: the name breaks the tie,
  // so the list has one order.
  const keys = await db.prisma.apiKey.findMany({ orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
  return keys.map(summary);
}
