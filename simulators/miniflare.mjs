// The simulators worker as Miniflare runs it outside `wrangler dev`: the tests' auxiliary
// worker (vitest.config.ts) and the bench (bench/lib/runtime.mjs). Miniflare runs JavaScript
// only, so the TypeScript entry is bundled first, with the esbuild wrangler itself bundles with.
import path from "node:path";
import { build } from "esbuild";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const here = import.meta.dirname;

/** Bundles simulators/src/index.ts into `outdir` and returns its Miniflare worker options (Miniflare 4 shape). */
export async function simulatorsWorker(outdir) {
  const scriptPath = path.join(outdir, "index.js");
  await build({
    entryPoints: [path.join(here, "src", "index.ts")],
    outfile: scriptPath,
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    external: ["node:*", "cloudflare:*"],
    logLevel: "warning",
  });
  // Bindings, compatibility date and flags come from simulators/wrangler.toml, as `wrangler dev` reads them.
  const {
    modulesRules: _rules,
    rootPath: _root,
    ...options
  } = unstable_getMiniflareWorkerOptions(path.join(here, "wrangler.toml")).workerOptions;
  return { ...options, name: "campus-edge-simulators", modules: true, scriptPath, modulesRoot: outdir };
}

/** The migrations folder of the simulators' D1. */
export const simulatorsMigrations = path.join(here, "migrations");
