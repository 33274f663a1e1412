"use server";
import { z } from "zod";
import { adminAction, formText, type ActionState } from "@/lib/api/admin-action";
import { moveAlias, moveAliasSchema } from "@/lib/registry/move-alias";

// Promotion from the model page: the same moveAlias (gate, alias history, audit) as the API.

export type PromoteState = ActionState;

export const promoteAction = adminAction(
  {
    schema: moveAliasSchema.safeExtend({ model: z.string() }),
    read: (form) => ({
      model: String(form.get("model")),
      version: Number(form.get("version")),
      reason: formText(form, "reason").trim() || undefined,
      force: form.get("force") === "on" ? true : undefined,
    }),
    revalidate: (input) => `/models/${encodeURIComponent(input.model)}`,
  },
  async ({ db, input: { model, ...move }, actor }): Promise<PromoteState> => {
    const moved = await moveAlias(db.prisma, { name: model, alias: "production", input: move, actor });
    return { ok: `production now serves version ${moved.version}${moved.forced ? " (forced past the gate)" : ""}.` };
  },
);
