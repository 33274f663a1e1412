"use client";
import { useActionState } from "react";
import { ActionMessage } from "@/lib/dashboard/components/action-message";
import { promoteAction, type PromoteState } from "./actions";

type Rule = { passed: boolean; message: string };

/** Shows the gate's verdict before the admin confirms; a failing gate needs "force" and a reason. */
export function PromoteForm({
  model,
  version,
  gate,
  isProduction,
}: {
  model: string;
  version: number;
  gate: { passed: boolean; rules: Rule[] };
  isProduction: boolean;
}) {
  const [state, action, pending] = useActionState<PromoteState, FormData>(promoteAction, {});
  return (
    <form action={action} className="space-y-2 text-sm" aria-label={`Promote version ${version} to production`}>
      <input type="hidden" name="model" value={model} />
      <input type="hidden" name="version" value={version} />
      <ul className="space-y-1" aria-label="Production gate verdict">
        {gate.rules.map((r) => (
          <li key={r.message} className={r.passed ? "text-green-800" : "text-red-700"}>
            {r.passed ? "✓" : "✗"} {r.message}
          </li>
        ))}
      </ul>
      {gate.passed ? null : (
        <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-2">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="force" /> Override the gate (recorded in the audit log)
          </label>
          <label className="flex flex-col">
            Reason
            <input name="reason" className="rounded-md border-gray-300 text-sm" />
          </label>
        </div>
      )}
      {gate.passed ? (
        <label className="flex flex-col">
          Reason (optional)
          <input name="reason" className="rounded-md border-gray-300 text-sm" />
        </label>
      ) : null}
      <button
        type="submit"
        disabled={pending || isProduction}
        className="rounded-md bg-blue-600 px-3 py-1.5 font-semibold text-white hover:bg-blue-700 disabled:opacity-50"
      >
        {isProduction ? "Serving production" : pending ? "Promoting…" : `Promote v${version} to production`}
      </button>
      <ActionMessage state={state} className="block" />
    </form>
  );
}
