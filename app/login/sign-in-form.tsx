"use client";
import { useActionState } from "react";
import { signInAction, type SignInState } from "./actions";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action} className="space-y-4" aria-describedby={state.error ? "sign-in-error" : undefined}>
      <input type="hidden" name="next" value={next} />
      <div>
        <label htmlFor="person-name" className="block text-sm font-medium text-gray-700">
          Your name
        </label>
        <input
          id="person-name"
          name="name"
          type="text"
          autoComplete="name"
          maxLength={60}
          aria-describedby="person-name-hint"
          className="mt-1 block w-full rounded-md border-gray-300 shadow-sm focus:border-blue-500 focus:ring-blue-500"
        />
        <p id="person-name-hint" className="mt-1 text-xs text-gray-500">
          Required with the admin password: the audit trail records who made each change.
        </p>
      </div>
      <div>
        <label htmlFor="credential" className="block text-sm font-medium text-gray-700">
          API key or admin password
        </label>
        <input
          id="credential"
          name="credential"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-md border-gray-300 shadow-sm focus:border-blue-500 focus:ring-blue-500"
        />
      </div>
      {state.error ? (
        <p id="sign-in-error" role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
