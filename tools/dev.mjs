#!/usr/bin/env node
// npm run dev: local D1 migrated, demo data seeded, simulators on, wrangler dev on 127.0.0.1:8787.
// Safe to run again: migrations apply once and every seed file is idempotent.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

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

run(["d1", "migrations", "apply", "DB", "--local"]);
const seedDir = join(root, "tools", "seed");
for (const file of readdirSync(seedDir)
  .filter((f) => f.endsWith(".sql"))
  .sort()) {
  run(["d1", "execute", "DB", "--local", "--file", join(seedDir, file)]);
}

const port = process.env.PORT ?? "8787";
const dev = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", port, "--test-scheduled", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
// wrangler dev does not fire Cron Triggers by itself; fire the every-minute cron so reminders go out locally.
const cron = setInterval(() => {
  fetch(`http://127.0.0.1:${port}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}`).then(
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
