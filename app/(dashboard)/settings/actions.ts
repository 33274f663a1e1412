"use server";
import { revalidatePath } from "next/cache";
import { requireAdminSession } from "@/lib/auth/dashboard-session";
import { createApiKey, createKeySchema, revokeApiKey } from "@/lib/auth/manage-api-keys";
import { revokeSession, sessionIdSchema } from "@/lib/auth/session-store";
import { ApiError } from "@/lib/core/errors";
import { getDatabase } from "@/lib/db/get-database";

export type KeyFormState = { token?: string; name?: string; error?: string };

export async function createKeyAction(_state: KeyFormState, form: FormData): Promise<KeyFormState> {
  try {
    const session = await requireAdminSession();
    const parsed = createKeySchema.safeParse({ name: String(form.get("name") ?? ""), scopes: form.getAll("scopes").map(String) });
    if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
    const db = await getDatabase();
    const { token, key } = await createApiKey(db.prisma, parsed.data, session.sub);
    revalidatePath("/settings");
    return { token, name: key.name };
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
}

export async function revokeKeyAction(_state: KeyFormState, form: FormData): Promise<KeyFormState> {
  try {
    const session = await requireAdminSession();
    const db = await getDatabase();
    await revokeApiKey(db.prisma, String(form.get("name")), session.sub);
    revalidatePath("/settings");
    return {};
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
}

export async function revokeSessionAction(_state: KeyFormState, form: FormData): Promise<KeyFormState> {
  try {
    const session = await requireAdminSession();
    const id = sessionIdSchema.safeParse(form.get("id"));
    if (!id.success) return { error: id.error.issues[0].message };
    const db = await getDatabase();
    await revokeSession(db.prisma, { id: id.data, actor: session.sub });
    revalidatePath("/settings");
    return {};
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
}
