"use client";
import { useActionState } from "react";
import { ActionMessage } from "@/lib/dashboard/components/action-message";
import type { ActionState } from "@/lib/api/admin-action";
import { endRolloutAction, startRolloutAction } from "./actions";

type Policy = {
  mode: string;
  championVersion: number;
  challengerVersion: number;
  percent: number | null;
  updatedBy: string;
  updatedAt: string;
};

const DESCRIBE: Record<string, string> = {
  shadow: "runs on every request after the answer; its predictions are only logged",
  canary: "answers a share of requests, sticky per entity id",
  ab: "answers the entities whose id hashes into the share",
};

/** Production's rollout: what runs now, and a form to start, change or end one (canary and A/B are gated). */
export function RolloutForm({ model, policy, versions }: { model: string; policy: Policy | null; versions: number[] }) {
  const [started, start, starting] = useActionState<ActionState, FormData>(startRolloutAction, {});
  const [ended, end, ending] = useActionState<ActionState, FormData>(endRolloutAction, {});
  return (
    <div className="space-y-3 text-sm">
      {policy ? (
        <form action={end} className="space-y-2" aria-label="End the rollout">
          <input type="hidden" name="model" value={model} />
          <p>
            <strong>{policy.mode}</strong>: v{policy.challengerVersion}{" "}
            {policy.mode === "shadow" ? DESCRIBE.shadow : `answers ${policy.percent}% (${DESCRIBE[policy.mode]})`}; v
            {policy.championVersion} answers the rest. Set by {policy.updatedBy}, {policy.updatedAt}.
          </p>
          <p>
            <a className="text-blue-700 underline" href={`/models/${encodeURIComponent(model)}/rollout`}>
              Compare champion and challenger
            </a>
          </p>
          <button type="submit" disabled={ending} className="rounded-md border border-gray-300 px-3 py-1.5 font-semibold">
            {ending ? "Ending…" : "End the rollout"}
          </button>
          <ActionMessage state={ended} className="block" />
        </form>
      ) : (
        <p className="text-gray-600">No rollout: production answers alone.</p>
      )}
      {versions.length === 0 ? (
        <p className="text-gray-600">Register another runnable version to roll it out as a challenger.</p>
      ) : (
        <form action={start} className="space-y-2" aria-label="Start a rollout">
          <input type="hidden" name="model" value={model} />
          <div className="flex flex-wrap gap-2">
            <label className="flex flex-col">
              Mode
              <select name="mode" className="rounded-md border-gray-300 text-sm" defaultValue={policy?.mode ?? "shadow"}>
                <option value="shadow">shadow</option>
                <option value="canary">canary</option>
                <option value="ab">A/B</option>
              </select>
            </label>
            <label className="flex flex-col">
              Challenger
              <select name="version" className="rounded-md border-gray-300 text-sm" defaultValue={policy?.challengerVersion}>
                {versions.map((v) => (
                  <option key={v} value={v}>
                    v{v}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col">
              Percent (canary, A/B)
              <input name="percent" inputMode="numeric" className="w-24 rounded-md border-gray-300 text-sm" />
            </label>
          </div>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="force" /> Override a failed gate (canary, A/B; recorded in the audit log)
          </label>
          <label className="flex flex-col">
            Reason
            <input name="reason" className="rounded-md border-gray-300 text-sm" />
          </label>
          <button
            type="submit"
            disabled={starting}
            className="rounded-md bg-blue-600 px-3 py-1.5 font-semibold text-white hover:bg-blue-700 disabled:opacity-50"
          >
            {starting ? "Starting…" : policy ? "Change the rollout" : "Start a rollout"}
          </button>
          <ActionMessage state={started} className="block" />
        </form>
      )}
    </div>
  );
}
