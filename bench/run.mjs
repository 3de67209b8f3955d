// npm run bench: bundles the worker, runs it with a trivial baseline worker in
// one local Workers runtime, loads every case from a separate process in
// rounds alternating with the one-D1-query reference, prints ratios to that
// reference (and to the baseline) and writes the figures to bench/results/.
// npm run bench -- --profile <case>: a CPU profile of the worker under that case instead.
import { spawn } from "node:child_process";
import { accessSync, constants, rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { alternate, summarise } from "./lib/alternate.mjs";
import { bundleWorker } from "./lib/build.mjs";
import { costOf } from "./lib/cost.mjs";
import { httpClient } from "./lib/http.mjs";
import { load, loader } from "./lib/load.mjs";
import { autogroupEnabled, findWorkerd, renice, reniceOwnAutogroup, rssMiB } from "./lib/proc.mjs";
import { profileWhile, readProfile, renderProfile } from "./lib/profile.mjs";
import { BUNDLE_LIMIT_KIB, judge, renderReport } from "./lib/report.mjs";
import { startRuntime } from "./lib/runtime.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const CASES_DIR = path.join(import.meta.dirname, "cases");
const BASELINE_CASE = path.join(import.meta.dirname, "lib", "baseline-case.mjs");

const { values: args } = parseArgs({
  options: {
    // Each case: `warmup` seconds of load (discarded), then `rounds` pairs of reference round + case round.
    round: { type: "string", default: process.env.BENCH_ROUND ?? "0.5" },
    rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "24" },
    // The earlier name of --round (seconds a case was loaded once; now seconds of one round).
    duration: { type: "string", default: process.env.BENCH_DURATION },
    warmup: { type: "string", default: process.env.BENCH_WARMUP ?? "2" },
    connections: { type: "string", default: process.env.BENCH_CONNECTIONS ?? "10" },
    only: { type: "string", default: process.env.BENCH_ONLY ?? "" },
    out: { type: "string", default: path.join(import.meta.dirname, "results") },
    // Seconds of mixed load (every case in turn) after the cases, reporting workerd's memory.
    soak: { type: "string", default: process.env.BENCH_SOAK ?? "0" },
    // A CPU profile of the app worker under the cases whose name contains this, instead of the table.
    profile: { type: "string", default: process.env.BENCH_PROFILE ?? "" },
    "profile-seconds": { type: "string", default: process.env.BENCH_PROFILE_SECONDS ?? "10" },
    // Scheduling priority of workerd, the load generator and the bench (0: leave it), so other
    // processes on the machine take less from the measurement.
    nice: { type: "string", default: process.env.BENCH_NICE ?? "-10" },
  },
});
const settings = {
  round: Number(args.duration ?? args.round),
  rounds: Number(args.rounds),
  warmup: Number(args.warmup),
  connections: Number(args.connections),
  only: args.profile || args.only,
  soak: Number(args.soak),
  profile: args.profile,
  profileSeconds: Number(args["profile-seconds"]),
  nice: Number(args.nice),
};
for (const [k, min, whole] of [
  ["round", 0.2, false],
  ["rounds", 1, true],
  ["warmup", 0, false],
  ["connections", 1, true],
  ["nice", -20, true],
]) {
  if (!Number.isFinite(settings[k]) || settings[k] < min || (whole && !Number.isInteger(settings[k]))) {
    throw new Error(`--${k} must be ${whole ? "a whole number" : "a number"} >= ${min}, not ${args[k]}`);
  }
}
const started = performance.now();
/** Progress on stderr, each line with the seconds since the start. */
const say = (msg) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);
/** The worker's first error lines are echoed so a failing case shows why; the rest stay in the logs. */
const MAX_ERRORS_SHOWN = 5;

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

/** Where the run's files go: tmpfs when there is one, so D1's writes and flushes never wait on a disk. */
function scratchBase() {
  if (process.env.BENCH_TMP) return process.env.BENCH_TMP;
  try {
    const shm = "/dev/shm";
    accessSync(shm, constants.W_OK);
    return shm;
  } catch {
    return tmpdir();
  }
}

/**
 * With Linux's autogroup, the scheduler shares the CPU between sessions as
 * equals, so the bench runs itself again in a session of its own (a detached
 * child) whose group gets priority `--nice`. Returns true when this process
 * only waits for that child.
 */
function inOwnSession() {
  if (!settings.nice || process.env.CAMPUS_EDGE_BENCH_SESSION || !autogroupEnabled()) return false;
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    detached: true,
    stdio: "inherit",
    env: { ...process.env, CAMPUS_EDGE_BENCH_SESSION: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

async function main() {
  if (inOwnSession()) return;
  let group = null;
  if (settings.nice && process.env.CAMPUS_EDGE_BENCH_SESSION) group = reniceOwnAutogroup(settings.nice);
  const tmp = await mkdtemp(path.join(scratchBase(), "campus-edge-bench-"));
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
      inspector: Boolean(settings.profile),
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
    if (settings.nice) {
      const threads = renice(workerd, settings.nice);
      renice(process.pid, settings.nice);
      settings.niced = threads !== null;
      settings.schedulingGroup = group;
      say(
        threads === null && group === null
          ? `could not set nice ${settings.nice} (needs root or CAP_SYS_NICE): other processes compete with the measurement as equals`
          : `workerd, the bench and its load processes run at nice ${settings.nice}${group ? ` in their own scheduling group (${group})` : ""}`,
      );
    }
    settings.tmp = tmp;
    const idleRss = rssMiB(workerd);
    /** Loads a case for one round; the load process adds workerd's CPU milliseconds per request (all workers, D1 and objects in it). */
    const loadCase = async (url, caseFile, spec, data, duration = settings.round, via = null) => {
      const result = await (via ? via.round : load)({
        url,
        caseFile,
        caseName: spec.name,
        data,
        duration,
        connections: settings.connections,
        workerdPid: workerd,
        nice: settings.niced ? settings.nice : 0,
      });
      result.rssMiB = rssMiB(workerd);
      return result;
    };

    const [baselineSpec, referenceSpec] = (await import(BASELINE_CASE)).default;
    // One load process serves every round of an alternation, reference and case alike.
    const alternation = async (url, caseFile, spec, data) => {
      const via = loader({ workerdPid: workerd, nice: settings.niced ? settings.nice : 0 });
      try {
        return await alternate({
          loadReference: (duration) => loadCase(runtime.baselineUrl, BASELINE_CASE, referenceSpec, null, duration, via),
          loadCase: (duration) => loadCase(url, caseFile, spec, data, duration, via),
          rounds: settings.rounds,
          warmup: settings.warmup,
          say,
        });
      } finally {
        via.close();
      }
    };

    if (settings.profile) {
      await profileRun({ ctx, runtime, loadCase, bundle });
      return;
    }

    say(`${referenceSpec.name}: warm-up, then baseline alternating with it ...`);
    await loadCase(runtime.baselineUrl, BASELINE_CASE, referenceSpec, null, settings.warmup || 1);
    const baselineAB = await alternation(runtime.baselineUrl, BASELINE_CASE, baselineSpec, null);
    const referenceRounds = [...baselineAB.reference.rounds];
    const rows = [{ name: referenceSpec.name, target: null }];

    const measured = [];
    // Cases that measure something other than request load (the cron's due scan) leave work
    // behind in the runtime (a queue draining), so they run after the request cases.
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
        say(`${spec.name}: ${settings.warmup} s warm-up, then ${settings.rounds} rounds of ${settings.round} s against the reference ...`);
        const logMark = logs.length;
        const ab = await alternation(runtime.appUrl, caseFile, spec, data);
        // The worker's log lines per request of the case (the reference's worker logs nothing).
        const caseRequests = ab.result.requests + (ab.warmup?.requests ?? 0);
        const logLinesPerRequest = caseRequests ? (logs.length - logMark) / caseRequests : null;
        referenceRounds.push(...ab.reference.rounds);
        rows.push({
          name: spec.name,
          target: spec.target ?? null,
          refTarget: spec.refTarget ?? null,
          result: ab.result,
          reference: ab.reference,
          toReference: ab.toReference,
          spread: ab.spread,
          warmup: ab.warmup,
          logLinesPerRequest,
          cost: await costOf(spec.cost),
        });
        soakable.push({ caseFile, spec, data });
      } catch (err) {
        say(`${spec.name}: ${err.stack ?? err}`);
        rows.push({ name: spec.name, skipped: `failed: ${String(err.message ?? err).slice(0, 200)}` });
      }
    }

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
    // The baseline against the reference, from their own alternation; a case's ratios to the
    // baseline are its ratios to the reference times the reference's to the baseline.
    const baseline = { ...baselineAB.result, toReference: baselineAB.toReference, spread: baselineAB.spread };
    rows[0].result = summarise(referenceRounds);
    rows[0].toReference = { rps: 1, p50: 1, p99: 1, cpu: 1 };
    for (const row of rows) if (row.result) judge(row, baseline.toReference);
    const results = {
      when: new Date().toISOString(),
      runtime: "Miniflare (workerd), direct sockets",
      settings,
      node: process.version,
      baseline,
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

/**
 * --profile <case>: for each request case whose name contains it, a warm-up,
 * then `profile-seconds` of load with the V8 sampling profiler on in the app
 * worker's isolate. Writes the .cpuprofile (open it in Chrome DevTools or
 * speedscope) and prints the self time per function and per package or file.
 */
async function profileRun({ ctx, runtime, loadCase, bundle }) {
  // The reference worker can be profiled too (`--profile reference`), to compare an app case with it.
  const [, referenceSpec] = (await import(BASELINE_CASE)).default;
  const reference = referenceSpec.name.includes(settings.profile)
    ? [{ caseFile: BASELINE_CASE, spec: { ...referenceSpec, setup: async () => null }, worker: "baseline", url: runtime.baselineUrl }]
    : [];
  const appCases = (await discoverCases()).filter(({ spec }) => !spec.measure).map((c) => ({ ...c, worker: "app", url: runtime.appUrl }));
  const cases = [...reference, ...appCases];
  if (!cases.length) throw new Error(`no request case's name contains "${settings.profile}"`);
  await mkdir(args.out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const written = [];
  for (const { caseFile, spec, worker, url } of cases) {
    const skipped = await probe(ctx.http, spec);
    if (skipped) {
      say(`${spec.name}: ${skipped}`);
      continue;
    }
    say(`${spec.name}: setup ...`);
    const data = await spec.setup(ctx);
    say(`${spec.name}: ${Math.max(settings.warmup, 2)} s warm-up, then ${settings.profileSeconds} s of load under the profiler ...`);
    await loadCase(url, caseFile, spec, data, Math.max(settings.warmup, 2));
    const { profile, outcome } = await profileWhile(runtime.inspectorUrl(worker), () =>
      loadCase(url, caseFile, spec, data, settings.profileSeconds),
    );
    const slug = spec.name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
    const file = path.join(args.out, `${stamp}-${slug}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    const reading = await readProfile(profile, {
      scriptPath: bundle.scriptPath,
      requests: outcome.requests,
    });
    const wrong = outcome.bad + outcome.errors + outcome.timeouts;
    const summaryFile = file.replace(/\.cpuprofile$/, ".json");
    await writeFile(summaryFile, `${JSON.stringify({ case: spec.name, when: stamp, load: outcome, ...reading }, null, 2)}\n`);
    console.log(`\n${renderProfile(spec.name, reading, path.relative(process.cwd(), file))}`);
    console.log(
      `load while profiled: ${outcome.rps.toFixed(0)} req/s, ${outcome.cpuMsPerRequest?.toFixed(2) ?? "-"} workerd cpu ms/req, ` +
        `${wrong} wrong replies${wrong > outcome.requests * 0.01 ? " (INVALID: over 1%, the profile describes errors)" : ""}`,
    );
    written.push(file);
  }
  if (!written.length) throw new Error("no case was profiled");
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
