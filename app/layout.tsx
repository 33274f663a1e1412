import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Tidemark", description: "Train, serve and watch machine-learning models" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased">{children}</body>
    </html>
  );
}
