import type { Bindings } from "../../src/env";
import campusEdge from "../../src/index";

export { Cabinet, WechatTokenHolder } from "../../src/index";

/** What the development configuration (written by tools/dev.mjs) adds to Campus Edge's bindings. */
interface DevBindings extends Bindings {
  /** Service binding to the simulators worker (simulators/wrangler.toml). */
  SIMULATORS_WORKER: Fetcher;
}

/**
 * Campus Edge's entry under `npm run dev` only: Campus Edge itself, except that
 * /__sim/* on the same origin (127.0.0.1:8787) goes to the simulators worker.
 * `wrangler deploy` bundles src/index.ts, so none of this reaches production.
 */
export default {
  fetch: (request, env, ctx) =>
    new URL(request.url).pathname.startsWith("/__sim/") ? env.SIMULATORS_WORKER.fetch(request) : campusEdge.fetch(request, env, ctx),
  scheduled: campusEdge.scheduled,
  queue: campusEdge.queue,
} satisfies ExportedHandler<DevBindings>;
