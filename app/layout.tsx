import type { ReactNode } from "react";
import { connection } from "next/server";
import "./globals.css";

export const metadata = { title: "Tidemark", description: "Train, serve and watch machine-learning models" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next.js can put proxy.ts's CSP nonce on its scripts; a page
  // prerendered at build time (such as the 404 page) would carry none and be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased">{children}</body>
    </html>
  );
}
