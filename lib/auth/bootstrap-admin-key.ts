import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { createApiKey } from "./manage-api-keys";

/**
 * A new installation has no keys, and without a key no API call is possible. The first server
 * start creates one admin key (an instance key: every project) and prints its secret once; operators create narrower keys with it
 * (or with `tidemark keys create`) and may revoke it. Returns null when keys already exist.
 */
export async function bootstrapAdminKey(prisma: PrismaClient): Promise<string | null> {
  if ((await prisma.apiKey.count()) > 0) return null;
  try {
    const { token } = await createApiKey(prisma, { name: "admin", scopes: ["admin"], projectId: null }, "system:first-start");
    return token;
  } catch (error) {
    // Another server process of the same installation got there first.
    if (error instanceof ApiError && error.code === "conflict") return null;
    throw error;
  }
}
