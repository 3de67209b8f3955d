// The load generator, in its own process: imports the case module, builds the
// case's requests from the data its setup prepared, runs autocannon, reports.
// It takes one round after another; a case's requests are built once, so
// what they keep between requests (the next user, a renewed session, a
// cabinet's slots) carries over from round to round.
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { cpuMs, renice, systemBusyMs, waitMs } from "./proc.mjs";

// The bench process is gone (or done with this load): stop generating load.
process.once("disconnect", () => process.exit(0));

let reniced = false;
/** Per case: its requests, built once, and its last rate (for cases run in whole sequences). */
const built = new Map();
process.on("message", async ({ url, caseFile, caseName, data, duration, connections, workerdPid, nice }) => {
  try {
    if (nice && !reniced) reniced = renice(process.pid, nice) !== null;
    const mod = await import(pathToFileURL(caseFile).href);
    const spec = [mod.default].flat().find((c) => c.name === caseName);
    if (!spec) throw new Error(`no case named ${caseName} in ${caseFile}`);
    if (!built.has(caseName)) built.set(caseName, { requests: spec.requests(data), rps: null });
    const state = built.get(caseName);
    const bad = { count: 0, samples: [] };
    const requests = state.requests.map((req) => ({
      ...req,
      onResponse(status, body, context, headers) {
        let problem;
        try {
          req.onResponse?.(status, body, context, headers);
          problem = (req.check ?? spec.check ?? defaultCheck)(status, body, context);
        } catch (err) {
          problem = `unreadable reply (${err.message}): ${String(body).slice(0, 120)}`;
        }
        if (problem) {
          bad.count += 1;
          if (bad.samples.length < 3) bad.samples.push(`${req.label ?? `${req.method ?? "GET"} ${req.path}`}: ${problem}`);
        }
      },
    }));
    // autocannon's histogram keeps whole milliseconds; a trivial route answers in less,
    // so latencies are also kept here at full precision for the percentiles.
    const latencies = [];
    // CPU is read here, at the edges of the load itself, so the fork and import of this
    // process fall outside the window: workerd's, this process's, the bench process's
    // (it reads workerd's log lines) and the whole machine's (what is left is other load).
    const cpu = () => ({
      workerd: cpuMs(workerdPid),
      bench: cpuMs(process.ppid),
      self: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      machine: systemBusyMs(),
      workerdWait: waitMs(workerdPid),
      selfWait: waitMs(process.pid),
      at: performance.now(),
    });
    const start = cpu();
    const conns = spec.connections ?? connections;
    // A case whose requests form a dependent sequence (a rent cycle) is never cut in the
    // middle of one: each connection runs a whole number of sequences, as many as fit
    // in `duration` at the case's last rate (two the first time), so the next round
    // starts from a consistent state.
    const perConnection = spec.sequence
      ? spec.sequence * Math.max(1, state.rps ? Math.round((duration * state.rps) / (conns * spec.sequence)) : 2)
      : undefined;
    const instance = autocannon({
      url,
      connections: conns,
      duration: perConnection ? duration * 20 : duration,
      maxConnectionRequests: perConnection,
      requests,
      timeout: 10,
      // autocannon notices the end of the run (the duration, or every connection done with
      // its sequences) only at its next sample; its default (1 s) would stretch a
      // half-second round to a whole second, idle for the rest.
      sampleInt: 20,
    });
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
    const result = await instance;
    const end = cpu();
    const spent = (k) => (start[k] === null || end[k] === null ? null : end[k] - start[k]);
    const seconds = (end.at - start.at) / 1000;
    state.rps = latencies.length / seconds;
    const cores = (ms) => (ms === null ? null : ms / (seconds * 1000));
    const otherMs =
      spent("machine") === null || spent("workerd") === null
        ? null
        : spent("machine") - spent("workerd") - spent("self") - (spent("bench") ?? 0);
    latencies.sort((a, b) => a - b);
    const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
    process.send({
      ok: true,
      result: {
        requests: latencies.length,
        // Replies over the measured window (autocannon's own average is over whole seconds).
        rps: latencies.length / seconds,
        seconds,
        cpuMsPerRequest: spent("workerd") === null || !latencies.length ? null : spent("workerd") / latencies.length,
        // Cores busy during the load: workerd, the load generator, the bench process, and everything else.
        cores: { workerd: cores(spent("workerd")), load: cores(spent("self")), bench: cores(spent("bench")), other: cores(otherMs) },
        // Time runnable but without a CPU (all threads), as a share of the round: other processes in the way.
        waiting: { workerd: cores(spent("workerdWait")), load: cores(spent("selfWait")) },
        p50: pct(50),
        p99: pct(99),
        max: latencies.at(-1) ?? null,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        bad: bad.count,
        badSamples: bad.samples,
        connections: result.connections,
        duration: result.duration,
      },
    });
  } catch (err) {
    process.send({ ok: false, error: err instanceof Error ? err.stack : String(err) });
  }
});

function defaultCheck(status) {
  return status >= 200 && status < 300 ? null : `HTTP ${status}`;
}
