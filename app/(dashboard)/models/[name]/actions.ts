"use server";
import { revalidatePath } from "next/cache";
import { requireAdminSession } from "@/lib/auth/dashboard-session";
import { ApiError } from "@/lib/core/errors";
import { getDatabase } from "@/lib/db/get-database";
import { moveAlias, moveAliasSchema } from "@/lib/registry/move-alias";

export type PromoteState = { ok?: string; error?: string; failedRules?: string[] };

export async function promoteAction(_state: PromoteState, form: FormData): Promise<PromoteState> {
  try {
    const session = await requireAdminSession();
    const name = String(form.get("model"));
    const parsed = moveAliasSchema.safeParse({
      version: Number(form.get("version")),
      reason: String(form.get("reason") ?? "").trim() || undefined,
      force: form.get("force") === "on" ? true : undefined,
    });
    if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
    const db = await getDatabase();
    const moved = await moveAlias(db.prisma, { name, alias: "production", input: parsed.data, actor: session.sub });
    revalidatePath(`/models/${encodeURIComponent(name)}`);
    return { ok: `production now serves version ${moved.version}${moved.forced ? " (forced past the gate)" : ""}.` };
  } catch (error) {
    if (error instanceof ApiError) {
      return { error: error.message, failedRules: (error.details as { message: string }[] | undefined)?.map((d) => d.message) };
    }
    throw error;
  }
}
