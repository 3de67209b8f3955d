// npm run bench: bundles the worker, runs it with a trivial baseline worker in
// one local Workers runtime, loads every case from a separate process, prints
// ratios to the baseline and writes the figures to bench/results/.
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundleWorker } from "./lib/build.mjs";
import { costOf } from "./lib/cost.mjs";
import { httpClient } from "./lib/http.mjs";
import { load } from "./lib/load.mjs";
import { cpuMs, findWorkerd, rssMiB } from "./lib/proc.mjs";
import { BUNDLE_LIMIT_KIB, judge, renderReport } from "./lib/report.mjs";
import { startRuntime } from "./lib/runtime.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const CASES_DIR = path.join(import.meta.dirname, "cases");
const BASELINE_CASE = path.join(import.meta.dirname, "lib", "baseline-case.mjs");

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: process.env.BENCH_DURATION ?? "5" },
    connections: { type: "string", default: process.env.BENCH_CONNECTIONS ?? "10" },
    only: { type: "string", default: process.env.BENCH_ONLY ?? "" },
    out: { type: "string", default: path.join(import.meta.dirname, "results") },
    // Seconds of mixed load (every case in turn) after the cases, reporting workerd's memory.
    soak: { type: "string", default: process.env.BENCH_SOAK ?? "0" },
  },
});
const settings = { duration: Number(args.duration), connections: Number(args.connections), only: args.only, soak: Number(args.soak) };
const say = (msg) => process.stderr.write(`${msg}\n`);
/** The worker's first error lines are echoed so a failing case shows why; the rest stay in the logs. */
const MAX_ERRORS_SHOWN = 5;

/** The mean figures of repeated runs of one case (counts are summed). */
function meanOf(runs) {
  const mean = (k) => runs.reduce((sum, r) => sum + r[k], 0) / runs.length;
  const sum = (k) => runs.reduce((total, r) => total + r[k], 0);
  return {
    ...runs.at(-1),
    rps: mean("rps"),
    p50: mean("p50"),
    p99: mean("p99"),
    cpuMsPerRequest: runs.every((r) => r.cpuMsPerRequest != null) ? mean("cpuMsPerRequest") : null,
    requests: sum("requests"),
    errors: sum("errors"),
    timeouts: sum("timeouts"),
    non2xx: sum("non2xx"),
    bad: sum("bad"),
    runs: runs.map((r) => ({ rps: r.rps, p50: r.p50, p99: r.p99 })),
  };
}

/** Every case module in bench/cases, in file-name order; a module exports one case or a list. */
async function discoverCases() {
  const files = (await readdir(CASES_DIR)).filter((f) => f.endsWith(".mjs")).sort();
  const cases = [];
  for (const file of files) {
    const caseFile = path.join(CASES_DIR, file);
    const mod = await import(caseFile);
    for (const spec of [mod.default].flat()) cases.push({ caseFile, spec });
  }
  const only = settings.only.toLowerCase();
  return only ? cases.filter(({ spec }) => spec.name.toLowerCase().includes(only)) : cases;
}

/** A route answering 404 is one not merged yet: the case is skipped, never faked. */
async function probe(http, spec) {
  if (!spec.probe) return null;
  const { status } = await http.call(spec.probe.method, spec.probe.path, { query: spec.probe.query });
  return status === 404 ? `not available yet (${spec.probe.method} ${spec.probe.path} answers 404)` : null;
}

async function main() {
  const tmp = await mkdtemp(path.join(tmpdir(), "campus-edge-bench-"));
  let runtime;
  // On Ctrl-C, exit; Miniflare's exit hook stops workerd, these remove the rest.
  process.once("SIGINT", () => process.exit(130));
  process.once("SIGTERM", () => process.exit(143));
  process.once("exit", () => rmSync(tmp, { recursive: true, force: true, maxRetries: 3 }));
  const cleanup = async () => {
    await runtime?.dispose().catch(() => {});
    await rm(tmp, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    say("bundling with wrangler deploy --dry-run ...");
    const bundle = await bundleWorker(ROOT, path.join(tmp, "dist"));
    bundle.verdict = bundle.gzipBytes <= BUNDLE_LIMIT_KIB * 1024 ? "PASS" : "MISS";

    const logs = [];
    let errorsShown = 0;
    runtime = await startRuntime({
      root: ROOT,
      scriptPath: bundle.scriptPath,
      simulatorsDir: path.join(tmp, "simulators"),
      persistDir: path.join(tmp, "state"),
      onLog: (line, level) => {
        logs.push(line);
        if (level === "error" && errorsShown++ < MAX_ERRORS_SHOWN) say(`  worker error: ${line.slice(0, 400)}`);
      },
    });
    say(`worker at ${runtime.appUrl}, baseline at ${runtime.baselineUrl} (migrations: ${runtime.migrations.join(", ")})`);

    const memo = new Map();
    const ctx = {
      http: httpClient(runtime.appUrl, runtime.adminToken, runtime.simulatorsUrl),
      db: runtime.db,
      bindings: runtime.bindings,
      scheduled: runtime.scheduled,
      /** Worker log lines since `mark` (from logs.length). */
      logs,
      say,
      /** Shares one setup between the cases that need the same data. */
      memo(key, fn) {
        if (!memo.has(key)) memo.set(key, fn());
        return memo.get(key);
      },
    };
    const workerd = findWorkerd();
    if (!workerd) say("workerd process not found: no CPU or memory figures");
    const idleRss = rssMiB(workerd);
    /** Loads a case; adds the workerd process's CPU milliseconds per request (all workers, D1 and objects in it). */
    const loadCase = async (url, caseFile, spec, data, duration = settings.duration) => {
      const before = cpuMs(workerd);
      const result = await load({ url, caseFile, caseName: spec.name, data, duration, connections: settings.connections });
      const after = cpuMs(workerd);
      result.cpuMsPerRequest = before === null || after === null || !result.requests ? null : (after - before) / result.requests;
      result.rssMiB = rssMiB(workerd);
      return result;
    };

    const [baselineSpec, referenceSpec] = (await import(BASELINE_CASE)).default;
    say("baseline ...");
    const baselineRuns = [await loadCase(runtime.baselineUrl, BASELINE_CASE, baselineSpec, null)];
    say(`${referenceSpec.name} ...`);
    const rows = [
      { name: referenceSpec.name, target: null, result: await loadCase(runtime.baselineUrl, BASELINE_CASE, referenceSpec, null) },
    ];

    const measured = [];
    // Cases that measure something other than request load (the cron's due scan) leave work
    // behind in the runtime (a queue draining), so they run after the closing baseline.
    const deferred = [];
    const soakable = [];
    for (const { caseFile, spec } of await discoverCases()) {
      if (spec.measure) {
        deferred.push(spec);
        continue;
      }
      const skipped = await probe(ctx.http, spec);
      if (skipped) {
        say(`${spec.name}: ${skipped}`);
        rows.push({ name: spec.name, skipped });
        continue;
      }
      try {
        say(`${spec.name}: setup ...`);
        const data = await spec.setup(ctx);
        say(`${spec.name}: load ...`);
        rows.push({
          name: spec.name,
          target: spec.target ?? null,
          result: await loadCase(runtime.appUrl, caseFile, spec, data),
          cost: await costOf(spec.cost),
        });
        soakable.push({ caseFile, spec, data });
      } catch (err) {
        say(`${spec.name}: ${err.stack ?? err}`);
        rows.push({ name: spec.name, skipped: `failed: ${String(err.message ?? err).slice(0, 200)}` });
      }
    }

    say(`${referenceSpec.name} again ...`);
    const referenceRuns = [rows[0].result, await loadCase(runtime.baselineUrl, BASELINE_CASE, referenceSpec, null)];
    say("baseline again ...");
    baselineRuns.push(await loadCase(runtime.baselineUrl, BASELINE_CASE, baselineSpec, null));
    for (const spec of deferred) {
      const skipped = await probe(ctx.http, spec);
      if (skipped) {
        say(`${spec.name}: ${skipped}`);
        measured.push({ name: spec.name, skipped });
        continue;
      }
      try {
        say(`${spec.name} ...`);
        const outcome = await spec.measure(ctx, settings);
        if (outcome.skipped) say(`${spec.name}: ${outcome.skipped}`);
        measured.push({ name: spec.name, ...outcome });
      } catch (err) {
        say(`${spec.name}: ${err.stack ?? err}`);
        measured.push({ name: spec.name, skipped: `failed: ${String(err.message ?? err).slice(0, 200)}` });
      }
    }
    const soak = settings.soak > 0 ? await soakRun({ soakable, loadCase, url: runtime.appUrl, workerd, idleRss }) : null;
    const baseline = meanOf(baselineRuns);
    const reference = meanOf(referenceRuns);
    rows[0].result = reference;
    for (const row of rows) if (row.result) judge(row, baseline, reference);

    const results = {
      when: new Date().toISOString(),
      runtime: "Miniflare (workerd), direct sockets",
      settings,
      node: process.version,
      baseline,
      baselineRuns,
      referenceRuns,
      cases: rows,
      measured,
      soak,
      memory: { idleMiB: idleRss, afterCasesMiB: rssMiB(workerd) },
      bundle,
    };
    delete results.bundle.scriptPath;
    await mkdir(args.out, { recursive: true });
    const file = path.join(args.out, `${results.when.replace(/[:.]/g, "-")}.json`);
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(renderReport(results));
    console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  } finally {
    await cleanup();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Mixed load for `settings.soak` seconds (the request cases in turn, a slice
 * each), then idling: workerd's RSS at the start, after each round, at the
 * end and after 10 s and 30 s idle.
 */
async function soakRun({ soakable, loadCase, url, workerd, idleRss }) {
  if (!soakable.length) return { skipped: "no request case ran" };
  // At least four rounds, so a plateau can be told from steady growth.
  const slice = Math.max(2, Math.min(10, Math.floor(settings.soak / (soakable.length * 4))));
  const samples = [
    { at: "idle before the cases", rssMiB: idleRss },
    { at: "soak start", rssMiB: rssMiB(workerd) },
  ];
  const started = Date.now();
  let requests = 0;
  let round = 0;
  say(`soak: ${settings.soak} s of mixed load, ${slice} s per case ...`);
  while (Date.now() - started < settings.soak * 1000) {
    round++;
    for (const { caseFile, spec, data } of soakable) {
      if (Date.now() - started >= settings.soak * 1000) break;
      requests += (await loadCase(url, caseFile, spec, data, slice)).requests;
    }
    samples.push({ at: `after round ${round} (${Math.round((Date.now() - started) / 1000)} s)`, rssMiB: rssMiB(workerd) });
  }
  samples.push({ at: "soak end", rssMiB: rssMiB(workerd) });
  await sleep(10_000);
  samples.push({ at: "idle 10 s", rssMiB: rssMiB(workerd) });
  await sleep(20_000);
  samples.push({ at: "idle 30 s", rssMiB: rssMiB(workerd) });
  return { seconds: settings.soak, requests, samples };
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
