import type { ReactNode } from "react";
import Link from "next/link";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { signOutAction } from "../login/actions";
import { actorText } from "@/lib/audit/describe-actor";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/predictions", label: "Predictions" },
  { href: "/alerts", label: "Alerts" },
  { href: "/audit", label: "Audit" },
  { href: "/settings", label: "Settings" },
  { href: "/api-reference", label: "API" },
];

// Every page loader and action under this layout checks the session itself too (requireDashboardSession
// says why); this check only names the user in the header.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requireDashboardSession();
  return (
    <div className="min-h-screen">
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-2 py-3 sm:px-4">
          <Link href="/" className="text-lg font-semibold text-gray-900">
            Tidemark
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-4 text-sm">
            {NAV.map((item) => (
              <Link key={item.href} href={item.href} className="text-gray-600 hover:text-gray-900">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-gray-600">
            <span>
              {actorText(session.sub)} · <span data-testid="session-role">{session.role}</span>
            </span>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md border border-gray-300 px-2 py-1 hover:bg-gray-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-2 py-6 sm:px-4">{children}</main>
    </div>
  );
}
