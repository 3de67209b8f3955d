import { readFileSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { simulatorsMigrations, simulatorsWorker } from "./simulators/miniflare.mjs";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  const simMigrations = await readD1Migrations(simulatorsMigrations);
  // The simulators run as an auxiliary worker with their own D1, bundled for this run (never committed).
  const simulators = await simulatorsWorker(path.join(import.meta.dirname, ".wrangler", "tmp", "simulators-test"));
  const simDbId = simulators.d1Databases.DB.id;
  // The tests' network: the host sim.test is the simulators worker; every other host is the real network
  // (so an unreachable upstream is still unreachable).
  const network = {
    name: "test-network",
    modules: true,
    script: `export default {
      fetch: (request, env) => (new URL(request.url).hostname === "sim.test" ? env.SIMULATORS_WORKER.fetch(request) : fetch(request)),
    };`,
    compatibilityDate: simulators.compatibilityDate,
    serviceBindings: { SIMULATORS_WORKER: simulators.name },
  };
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Campus Edge's fetches (and the tests') go through the tests' network, where the upstream URLs
          // below (http://sim.test/__sim/...) reach the simulators worker over the production fetch path.
          outboundService: network.name,
          workers: [simulators, network],
          // The simulators' D1 seen from the tests too (test/setup.ts migrates it; a few tests arrange its state).
          d1Databases: { SIM_DB: simDbId },
          bindings: {
            TEST_MIGRATIONS: migrations,
            SIM_MIGRATIONS: simMigrations,
            WECHAT_API_BASE: "http://sim.test/__sim/wechat",
            ADMIN_TOKEN: "test-admin-token",
            SESSION_SECRET: "test-session-secret-0123456789abcdef",
            SERVICE_APPSECRET: "test-service-secret",
            SPORTS_APPSECRET: "test-sports-secret",
            LIBRARY_APPSECRET: "test-library-secret",
            SUMMER_APPSECRET: "test-summer-secret",
            SUMMER_LOGIN_MAX_FAILURES: "3",
            SUMMER_LOGIN_LOCK_SECONDS: "600",
            LIBRARY_API_BASE: "http://sim.test/__sim/aleph/X",
            LIBRARY_API_TIMEOUT_MS: "400",
            LIBRARY_RSA_PRIVATE_KEY: readFileSync(path.join(import.meta.dirname, "test/fixtures/library-rsa-test.pem"), "utf8"),
            LIBRARY_CREDENTIAL_KEY: "test-library-credential-key-0123456789",
            JH_PASSPORT_API_BASE: "http://sim.test/__sim/jh/passport",
            JH_ZF_API_BASE: "http://sim.test/__sim/jh/zf",
            JH_API_TIMEOUT_MS: "400",
            JH_CREDENTIAL_KEY: "test-jh-credential-key-0123456789abcdef",
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
      // Browser tests run in Node against the dev worker: vitest.browser.config.ts.
      exclude: ["test/browser/**", "node_modules/**"],
      // Nothing here is timed (speed is the bench's); the races and the route walks make many requests, and
      // on a loaded two-core machine the default 5 s cut some of them short.
      testTimeout: 30_000,
    },
  };
});
