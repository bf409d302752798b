import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The SQLite driver is a native module; load it from node_modules at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
