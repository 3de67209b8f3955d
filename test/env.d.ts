import type { Bindings } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
      /** The simulators worker's D1 (simulators/wrangler.toml), shared with the auxiliary worker. */
      SIM_DB: D1Database;
      SIM_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
  }
}
