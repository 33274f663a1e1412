"use server";
import { z } from "zod";
import { adminAction, formText, type ActionState } from "@/lib/api/admin-action";
import { moveAlias, moveAliasSchema } from "@/lib/registry/move-alias";
import { trafficPolicySchema } from "@/lib/registry/traffic-policy-schema";
import { clearTrafficPolicy, setTrafficPolicy } from "@/lib/registry/traffic-policy-store";

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

// Rollouts on production from the model page: the same store (gate for canary/A-B, audit) as the API.

export const startRolloutAction = adminAction(
  {
    schema: z.object({ model: z.string(), policy: trafficPolicySchema }),
    read: (form) => {
      const mode = String(form.get("mode"));
      const percent = formText(form, "percent").trim();
      return {
        model: String(form.get("model")),
        policy: {
          mode,
          version: Number(form.get("version")),
          percent: mode === "shadow" || percent === "" ? undefined : Number(percent),
          reason: formText(form, "reason").trim() || undefined,
          force: form.get("force") === "on" ? true : undefined,
        },
      };
    },
    revalidate: (input) => `/models/${encodeURIComponent(input.model)}`,
  },
  async ({ db, input: { model, policy }, actor }): Promise<ActionState> => {
    const set = await setTrafficPolicy(db, { name: model, alias: "production", input: policy, actor });
    const share = set.mode === "shadow" ? "shadows every request" : `answers ${set.percent}% of requests`;
    return { ok: `v${set.challengerVersion} ${share} on production${set.forced ? " (forced past the gate)" : ""}.` };
  },
);

export const endRolloutAction = adminAction(
  {
    schema: z.object({ model: z.string() }),
    read: (form) => ({ model: String(form.get("model")) }),
    revalidate: (input) => `/models/${encodeURIComponent(input.model)}`,
  },
  async ({ db, input: { model }, actor }): Promise<ActionState> => {
    const { ended } = await clearTrafficPolicy(db, { name: model, alias: "production", actor });
    return { ok: `The ${ended.mode} rollout of v${ended.challengerVersion} ended; v${ended.championVersion} answers alone.` };
  },
);
