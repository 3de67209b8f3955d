// The load generator, in its own process: imports the case module, builds the
// case's requests from the data its setup prepared, runs autocannon, reports.
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";

// The bench process is gone (or done with this load): stop generating load.
process.once("disconnect", () => process.exit(0));

process.once("message", async ({ url, caseFile, caseName, data, duration, connections }) => {
  try {
    const mod = await import(pathToFileURL(caseFile).href);
    const spec = [mod.default].flat().find((c) => c.name === caseName);
    if (!spec) throw new Error(`no case named ${caseName} in ${caseFile}`);
    const bad = { count: 0, samples: [] };
    const requests = spec.requests(data).map((req) => ({
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
    const instance = autocannon({ url, connections: spec.connections ?? connections, duration, requests, timeout: 10 });
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
    const result = await instance;
    latencies.sort((a, b) => a - b);
    const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
    process.send({
      ok: true,
      result: {
        requests: result.requests.total,
        rps: result.requests.average,
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
