import { readFileSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            SIMULATORS: "on",
            WECHAT_API_BASE: "http://sim.test/__sim/wechat",
            ADMIN_TOKEN: "test-admin-token",
            SESSION_SECRET: "test-session-secret-0123456789abcdef",
            SERVICE_APPSECRET: "test-service-secret",
            SPORTS_APPSECRET: "test-sports-secret",
            LIBRARY_APPSECRET: "test-library-secret",
            LIBRARY_API_BASE: "http://sim.test/__sim/aleph/X",
            LIBRARY_API_TIMEOUT_MS: "400",
            LIBRARY_RSA_PRIVATE_KEY: readFileSync(path.join(import.meta.dirname, "test/fixtures/library-rsa-test.pem"), "utf8"),
            LIBRARY_CREDENTIAL_KEY: "test-library-credential-key-0123456789",
            SPORTS_DUE_SOON_TEMPLATE_ID: "tmpl-sports-due-soon",
            SPORTS_OVERDUE_TEMPLATE_ID: "tmpl-sports-overdue",
          },
        },
      }),
    ],
    test: {
      setupFiles: ["./test/setup.ts"],
      // The worker's JSON info lines (one per request) drown the report; warnings and errors still show.
      // The cost table (test/cost.test.ts) is shown only to `npm run cost`.
      onConsoleLog: (log: string) => !log.startsWith('{"level":"info"') && (!log.startsWith("<<<COST-TABLE") || !!process.env.COST_TABLE),
      include: ["test/**/*.test.ts"],
    },
  };
});
