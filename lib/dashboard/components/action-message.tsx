import type { ActionState } from "@/lib/api/admin-action";

/**
 * A server action's outcome beside its form, in the one shape adminAction returns: the success line
 * as a status, or the error and its details as an alert.
 */
export function ActionMessage({ state, className = "" }: { state: ActionState; className?: string }) {
  if (state.ok)
    return (
      <span role="status" className={`text-green-800 ${className}`}>
        {state.ok}
      </span>
    );
  if (!state.error) return null;
  return (
    <span role="alert" className={`text-red-700 ${className}`}>
      {state.error}
      {state.details?.map((d) => (
        <span key={d} className="block">
          · {d}
        </span>
      ))}
    </span>
  );
}
