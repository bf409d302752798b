import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname) },
    // server-only throws outside React's server condition; tests are server code.
    conditions: ["react-server"],
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts"],
    setupFiles: ["./lib/test/setup-database.ts"],
    pool: "forks",
    testTimeout: 30_000,
  },
});
