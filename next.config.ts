import type { NextConfig } from "next";

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
  // The production build type-checks the application; `npm run typecheck` also covers the tests.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
