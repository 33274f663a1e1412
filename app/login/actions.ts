"use server";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/dashboard-session";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";
import { personNameSchema } from "@/lib/auth/person-name";

export type SignInState = { error?: string };

export async function signInAction(_state: SignInState, form: FormData): Promise<SignInState> {
  const credential = String(form.get("credential") ?? "").trim();
  if (!credential) return { error: "Enter an API key with read or admin scope, or the admin password." };
  const rawName = String(form.get("name") ?? "").trim();
  const name = rawName ? personNameSchema.safeParse(rawName) : undefined;
  if (name && !name.success) return { error: name.error.issues[0].message };
  const result = await signIn(credential, name?.data);
  if (!result.ok) return { error: result.error };
  redirect(safeRedirectPath(form.get("next")));
}

export async function signOutAction(): Promise<void> {
  await signOut();
  redirect("/login");
}
