import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: here("./app/$1") },
      { find: /^#db\/(.*)$/, replacement: here("./db/$1") },
      { find: /^#emails\/(.*)$/, replacement: here("./emails/$1") },
      { find: /^#tests\/(.*)$/, replacement: here("./tests/$1") },
    ],
  },
  esbuild: { jsx: "automatic" },
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "db/**/*.test.ts",
      "emails/**/*.test.{ts,tsx}",
      "tests/unit/**/*.test.{ts,tsx}",
      "tests/integration/**/*.test.{ts,tsx}",
    ],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: "forks",
    globalSetup: ["tests/setup/pglite-template.ts"],
  },
});
