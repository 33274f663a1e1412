import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in · Tidemark" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-gray-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Tidemark</h1>
      <p className="mb-6 text-sm text-gray-600">
        Sign in with an API key that has the read or admin scope, or with the admin password and your name.
      </p>
      <SignInForm next={safeRedirectPath(next)} />
    </main>
  );
}
