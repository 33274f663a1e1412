"use server";
import { redirect } from "next/navigation";
import { clearSessionCookie, setSessionCookie, signIn } from "@/lib/auth/dashboard-session";

export type SignInState = { error?: string };

export async function signInAction(_state: SignInState, form: FormData): Promise<SignInState> {
  const credential = String(form.get("credential") ?? "").trim();
  if (!credential) return { error: "Enter an API key with read or admin scope, or the admin password." };
  const session = await signIn(credential);
  if (!session) return { error: "That key or password was not accepted (unknown, revoked, or without read/admin scope)." };
  await setSessionCookie(session);
  const next = String(form.get("next") ?? "/");
  redirect(next.startsWith("/") && !next.startsWith("//") ? next : "/");
}

export async function signOutAction(): Promise<void> {
  await clearSessionCookie();
  redirect("/login");
}
