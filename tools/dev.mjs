#!/usr/bin/env node
// npm run dev: local D1s migrated, demo data seeded, and one wrangler dev on 127.0.0.1:8787 running
// Campus Edge beside the simulators worker (simulators/), which answers /__sim/* on the same origin.
// Safe to run again: migrations apply once and every seed file is idempotent.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { experimental_readRawConfig } from "wrangler";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
// PERSIST_TO: the local state directory (relative to the root) of both workers' D1s, R2 and Durable Objects;
// wrangler's own default, .wrangler/state, when unset. The browser tests run on a fresh one of their own.
const persistTo = process.env.PERSIST_TO ?? ".wrangler/state";
const persist = ["--persist-to", persistTo];

function run(args) {
  const res = spawnSync(wrangler, args, { cwd: root, stdio: "inherit", env });
  if (res.status !== 0) {
    console.error(`wrangler ${args.join(" ")} failed`);
    process.exit(res.status ?? 1);
  }
}

if (!existsSync(join(root, ".dev.vars"))) {
  copyFileSync(join(root, ".dev.vars.example"), join(root, ".dev.vars"));
  console.log("Created .dev.vars from .dev.vars.example");
}

run(["d1", "migrations", "apply", "DB", "--local", ...persist]);
// The simulators' own D1, kept in the same local state directory wrangler dev uses for both workers.
run(["d1", "migrations", "apply", "DB", "--local", "-c", "simulators/wrangler.toml", ...persist]);
const seedDir = join(root, "tools", "seed");
for (const file of readdirSync(seedDir)
  .filter((f) => f.endsWith(".sql"))
  .sort()) {
  run(["d1", "execute", "DB", "--local", ...persist, "--file", join(seedDir, file)]);
}
// The simulators' demo data (upstream accounts), in the simulators' own D1.
const simSeedDir = join(root, "simulators", "seed");
for (const file of readdirSync(simSeedDir)
  .filter((f) => f.endsWith(".sql"))
  .sort()) {
  run(["d1", "execute", "DB", "--local", "-c", "simulators/wrangler.toml", ...persist, "--file", join(simSeedDir, file)]);
}

// Campus Edge's development configuration: wrangler.toml, with the dev-only entry that sends /__sim/* to the
// simulators worker and the service binding it uses. Written next to wrangler.toml (so .dev.vars, the local
// state and every relative path stay the same) and never deployed: `wrangler deploy` reads wrangler.toml.
const devConfig = "wrangler.dev.json";
const { rawConfig } = experimental_readRawConfig({ config: join(root, "wrangler.toml") });
const simulatorsBinding = { binding: "SIMULATORS_WORKER", service: "campus-edge-simulators" };
writeFileSync(
  join(root, devConfig),
  `${JSON.stringify({ ...rawConfig, main: "simulators/dev/campus-edge.ts", services: [...(rawConfig.services ?? []), simulatorsBinding] }, null, 2)}\n`,
);

const port = process.env.PORT ?? "8787";
const origin = `http://127.0.0.1:${port}`;
const args = [
  "dev",
  "-c",
  devConfig,
  "-c",
  "simulators/wrangler.toml",
  "--ip",
  "127.0.0.1",
  "--port",
  port,
  "--test-scheduled",
  ...persist,
];
// The upstreams Campus Edge calls are the simulators, on this origin (these override .dev.vars).
args.push("--var", `WECHAT_API_BASE:${origin}/__sim/wechat`, "--var", `LIBRARY_API_BASE:${origin}/__sim/aleph/X`);
args.push("--var", `JH_PASSPORT_API_BASE:${origin}/__sim/jh/passport`, "--var", `JH_ZF_API_BASE:${origin}/__sim/jh/zf`);
const dev = spawn(wrangler, [...args, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
// wrangler dev does not fire Cron Triggers by itself; fire the every-minute cron so reminders go out locally.
const cron = setInterval(() => {
  fetch(`${origin}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}`).then(
    (res) => res.body?.cancel(),
    () => {},
  );
}, 60_000);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => dev.kill(sig));
// npm does not pass a SIGTERM on to this script; once npm is gone, stop wrangler too.
const parent = process.ppid;
const orphaned = setInterval(() => {
  if (process.ppid !== parent) dev.kill("SIGTERM");
}, 1000);
dev.on("exit", () => {
  clearInterval(cron);
  clearInterval(orphaned);
});
dev.on("exit", (code) => process.exit(code ?? 0));
