import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY } from "./lib/server/content-security-policy";
import { SECURITY_HEADERS } from "./lib/server/security-headers";

const nextConfig: NextConfig = {
  // Native and wasm-backed packages are loaded by Node at run time, never bundled.
  serverExternalPackages: [
    "onnxruntime-node",
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "pg",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
  ],
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
  // The production build type-checks the application; `npm run typecheck` also covers the tests.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
