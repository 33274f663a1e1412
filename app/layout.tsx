import type { ReactNode } from "react";

export const metadata = { title: "Tidemark", description: "Train, serve and watch machine-learning models" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
