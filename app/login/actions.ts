"use server";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/dashboard-session";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";

export type SignInState = { error?: string };

export async function signInAction(_state: SignInState, form: FormData): Promise<SignInState> {
  const credential = String(form.get("credential") ?? "").trim();
  if (!credential) return { error: "Enter an API key with read or admin scope, or the admin password." };
  const result = await signIn(credential);
  if (!result.ok) return { error: result.error };
  redirect(safeRedirectPath(form.get("next")));
}

export async function signOutAction(): Promise<void> {
  await signOut();
  redirect("/login");
}
