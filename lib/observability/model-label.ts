import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** The one label value for every model name that is not a registered model. */
export const OTHER_MODEL = "(other)";

// A model name in a URL is client text. Only registered models get a series of their own, so
// requests to invented names cannot grow the registry; registered names are remembered (models
// are created by admins, so the set stays small) and anything else costs one indexed lookup.
const MAX_REMEMBERED = 10_000;
const known = new Set<string>();

export async function modelLabel(prisma: PrismaClient, name: string): Promise<string> {
  if (known.has(name)) return name;
  try {
    const model = await prisma.model.findUnique({ where: { name }, select: { id: true } });
    if (!model) return OTHER_MODEL;
  } catch {
    // Metrics must not fail a request; an unreachable database says nothing about the name.
    return OTHER_MODEL;
  }
  if (known.size < MAX_REMEMBERED) known.add(name);
  return name;
}
