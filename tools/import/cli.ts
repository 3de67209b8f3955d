// npm run import -- <surface> <file> [--remote] [--apply] [--media <dir>]
// Reads one original server's own data and writes it into Campus Edge's D1 (docs/import.md).
// A dry run unless --apply; the local D1 of `npm run dev` unless --remote.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { SingleBar } from "cli-progress";
import { count, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { experimental_readRawConfig, getPlatformProxy } from "wrangler";
import * as schema from "../../src/db/schema";
import { legacyIds } from "../../src/db/schema/legacy";
import type { Bindings, Db } from "../../src/env";
import { applyPlan, batchesOf } from "./apply";
import { putFiles } from "./files";
import { countsOf, type ImportPlan, InputError } from "./plan";
import { type ImportRequest, SURFACES, surfaceOf } from "./surfaces";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface Args {
  surface: string;
  file: string;
  remote: boolean;
  apply: boolean;
  media: string | null;
  mediaUrl: string | null;
}

function usage(): never {
  console.error(
    [
      "usage: npm run import -- <surface> <file> [--apply] [--remote] [--media <dir>] [--media-url <url>]",
      ...SURFACES.map((s) => `  ${s.name.padEnd(8)} (${s.doc}) ${s.input}`),
      "  --apply   write (without it: a dry run that writes nothing)",
      "  --remote  the deployed D1 (without it: the local D1 of `npm run dev`)",
      "  --media   the original's uploaded files (summer: Django's MEDIA_ROOT; jh: its msgboard folder)",
      "  --media-url  where the original's uploads stay served (library activity images)",
    ].join("\n"),
  );
  process.exit(64);
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const args: Args = { surface: "", file: "", remote: false, apply: false, media: null, mediaUrl: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--remote") args.remote = true;
    else if (a === "--apply") args.apply = true;
    else if (a === "--media") args.media = argv[++i] ?? usage();
    else if (a === "--media-url") args.mediaUrl = argv[++i] ?? usage();
    else if (a.startsWith("--")) usage();
    else positional.push(a);
  }
  if (positional.length !== 2) usage();
  [args.surface, args.file] = positional;
  return args;
}

/**
 * A setting of Campus Edge the import needs (a template id, a sealing key): the environment first,
 * then (local imports) .dev.vars, then wrangler.toml's [vars].
 */
function settingsFrom(remote: boolean): (name: string) => string | undefined {
  // `npm run dev` makes .dev.vars from .dev.vars.example when there is none.
  const devVars = [".dev.vars", ".dev.vars.example"].map((f) => join(root, f)).find(existsSync);
  const local = !remote && devVars ? parseEnv(readFileSync(devVars, "utf8")) : {};
  const { rawConfig } = experimental_readRawConfig({ config: join(root, "wrangler.toml") });
  const vars: Record<string, unknown> = rawConfig.vars ?? {};
  return (name) => process.env[name] ?? local[name] ?? (typeof vars[name] === "string" ? vars[name] : undefined);
}

function printPlan(plan: ImportPlan) {
  const counts = countsOf(plan);
  console.log(`\n${plan.source}: what the import writes`);
  for (const [entity, n] of counts) console.log(`  ${entity.padEnd(24)} ${n}`);
  if (plan.files.length) console.log(`  ${"files (to R2)".padEnd(24)} ${plan.files.length}`);
  console.log(`\nrows left out: ${plan.rejects.length}`);
  for (const r of plan.rejects) console.log(`  ${r.entity} ${r.legacyId}${r.line ? ` (line ${r.line})` : ""}: ${r.reason}`);
  if (plan.notes.length) {
    console.log("\nnotes:");
    for (const n of plan.notes) console.log(`  - ${n}`);
  }
}

/** A configuration with only the bindings the import writes, local or remote, in .wrangler/import/. */
function importConfig(remote: boolean): string {
  const { rawConfig } = experimental_readRawConfig({ config: join(root, "wrangler.toml") });
  const config = {
    name: rawConfig.name,
    compatibility_date: rawConfig.compatibility_date,
    compatibility_flags: rawConfig.compatibility_flags,
    d1_databases: (rawConfig.d1_databases ?? [])
      .filter((d: { binding: string }) => d.binding === "DB")
      .map((d: object) => ({ ...d, remote })),
    r2_buckets: (rawConfig.r2_buckets ?? [])
      .filter((b: { binding: string }) => b.binding === "FILES")
      .map((b: object) => ({ ...b, remote })),
  };
  const dir = join(root, ".wrangler", "import");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "wrangler.json");
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const surface = surfaceOf(args.surface) ?? usage();
  const file = resolve(args.file);
  if (!existsSync(file)) throw new InputError(args.file, null, "no such file");
  const request: ImportRequest = {
    file,
    media: args.media ? resolve(args.media) : null,
    setting: settingsFrom(args.remote),
    mediaUrl: args.mediaUrl,
    now: Date.now(),
  };
  console.log(`Reading ${args.file} (${surface.doc}) ...`);
  const plan = await surface.plan(request);
  printPlan(plan);
  if (!args.apply) {
    console.log("\nDry run: nothing was written. Run again with --apply to write.");
    return;
  }

  const target = args.remote ? "remote" : "local";
  const setting = settingsFrom(args.remote);
  // Sealing keys the later phases need: checked before anything is written.
  for (const name of surface.needs ?? []) {
    if (!setting(name))
      throw new InputError(args.file, null, `${name} is needed (the deployed worker's secret): set it in the environment`);
  }
  // The same local state `npm run dev` uses (tools/dev.mjs: --persist-to .wrangler/state, or PERSIST_TO).
  const persist = join(root, process.env.PERSIST_TO ?? ".wrangler/state", "v3");
  const proxy = await getPlatformProxy<Bindings>({
    configPath: importConfig(args.remote),
    envFiles: [],
    persist: args.remote ? false : { path: persist },
  });
  try {
    const env: Bindings = { ...proxy.env, ...Object.fromEntries((surface.needs ?? []).map((n) => [n, setting(n)])) };
    const db = drizzle(env.DB, { schema });
    let phase: ImportPlan | undefined = plan;
    for (let n = 1; phase; n++) {
      if (n > 1) printPlan(phase);
      await write(db, env, phase, checkpointPath(file, `${phase.source}-${n}`, target), target);
      phase = phase.next ? await phase.next(db, env) : undefined;
    }
    const recorded = await db
      .select({ entity: legacyIds.entity, n: count() })
      .from(legacyIds)
      .where(eq(legacyIds.source, plan.source))
      .groupBy(legacyIds.entity);
    console.log(`\nDone. Rows of ${plan.source} in Campus Edge (this and earlier runs), of those this dump holds:`);
    const counts = countsOf(plan, true);
    for (const { entity, n } of recorded) if (!counts.has(entity)) counts.set(entity, n);
    for (const [entity, planned] of counts) {
      const have = recorded.find((r) => r.entity === entity)?.n ?? 0;
      const gap =
        have < planned ? `  (${planned - have} not written: a row they refer to is missing, or Campus Edge holds one in their place)` : "";
      console.log(`  ${entity.padEnd(24)} ${have} of ${planned}${gap}`);
    }
  } finally {
    await proxy.dispose();
  }
}

/** Copies the plan's files, then writes its batches from the checkpoint on, with a progress bar. */
async function write(db: Db, env: Bindings, plan: ImportPlan, checkpoint: string, target: string) {
  const total = batchesOf(plan, db).length;
  const resumeAt = readCheckpoint(checkpoint, total);
  if (resumeAt > 0) console.log(`\nResuming after batch ${resumeAt} of ${total} (${checkpoint}).`);
  if (plan.files.length) console.log(`\nFiles copied to R2: ${await putFiles(env.FILES, plan.files)} of ${plan.files.length}`);
  console.log(`\nWriting to the ${target} D1 ...`);
  const bar = new SingleBar({ format: "  |{bar}| {value}/{total} batches", hideCursor: true });
  bar.start(total, resumeAt);
  try {
    await applyPlan(db, plan, {
      from: resumeAt,
      done: (n) => {
        writeFileSync(checkpoint, JSON.stringify({ done: n, total }));
        bar.update(n);
      },
    });
  } finally {
    bar.stop();
  }
  rmSync(checkpoint, { force: true });
}

function checkpointPath(file: string, source: string, target: string): string {
  const hash = createHash("sha256");
  hash.update(statSync(file).isDirectory() ? file : readFileSync(file));
  const dir = join(root, ".wrangler", "import");
  mkdirSync(dir, { recursive: true });
  return join(dir, `${source}-${hash.digest("hex").slice(0, 12)}-${target}.json`);
}

function readCheckpoint(path: string, total: number): number {
  if (!existsSync(path)) return 0;
  try {
    const { done, total: was } = JSON.parse(readFileSync(path, "utf8"));
    return was === total && Number.isInteger(done) && done > 0 && done < total ? done : 0;
  } catch {
    return 0;
  }
}

main().catch((err) => {
  if (err instanceof InputError) {
    console.error(`\n${err.message}\nNothing was written.`);
    process.exit(65);
  }
  console.error(`\nThe import stopped: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
  console.error("What was written stays written; run the same command again to go on from there.");
  process.exit(70);
});
