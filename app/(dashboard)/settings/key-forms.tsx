"use client";
import { useActionState } from "react";
import { ActionMessage } from "@/lib/dashboard/components/action-message";
import { createKeyAction, revokeKeyAction, revokeSessionAction, type KeyFormState } from "./actions";

export function CreateKeyForm() {
  const [state, action, pending] = useActionState<KeyFormState, FormData>(createKeyAction, {});
  return (
    <form action={action} className="space-y-3 text-sm" aria-label="Create an API key">
      <label className="flex flex-col text-gray-600">
        Name
        <input name="name" required className="rounded-md border-gray-300 text-sm" />
      </label>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-gray-600">Scopes</legend>
        {["predict", "ingest", "read", "admin"].map((s) => (
          <label key={s} className="flex items-center gap-1">
            <input type="checkbox" name="scopes" value={s} /> {s}
          </label>
        ))}
      </fieldset>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-blue-600 px-3 py-1.5 font-semibold text-white hover:bg-blue-700 disabled:opacity-50"
      >
        Create key
      </button>
      {state.token ? (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 p-2">
          <p>
            Key <strong>{state.name}</strong> created. Copy the secret now; it is not shown again:
          </p>
          <code data-testid="new-key-secret" className="break-all">
            {state.token}
          </code>
        </div>
      ) : null}
      {state.error ? <ActionMessage state={state} className="block" /> : null}
    </form>
  );
}

export function RevokeKeyButton({ name }: { name: string }) {
  return <RevokeForm action={revokeKeyAction} field="name" value={name} label={`Revoke key ${name}`} />;
}

export function RevokeSessionButton({ id, label }: { id: string; label: string }) {
  return <RevokeForm action={revokeSessionAction} field="id" value={id} label={`Revoke session ${label}`} />;
}

/** One "Revoke" button posting one hidden field to its server action, with the action's error beside it. */
function RevokeForm(props: {
  action: (state: KeyFormState, form: FormData) => Promise<KeyFormState>;
  field: string;
  value: string;
  label: string;
}) {
  const [state, action, pending] = useActionState<KeyFormState, FormData>(props.action, {});
  return (
    <form action={action}>
      <input type="hidden" name={props.field} value={props.value} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-700 hover:bg-red-50"
        aria-label={props.label}
      >
        Revoke
      </button>
      <ActionMessage state={state} className="ml-2 text-xs" />
    </form>
  );
}
