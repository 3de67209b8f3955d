// A/B alternation: each case is loaded in rounds that alternate with the
// one-D1-query reference (reference, case, reference, case, ...), and its
// figures are divided by the reference's rounds taken in the same
// alternation. Slow drift of the machine (another process starting, thermal
// or frequency changes) then moves both sides alike, and the median of the
// rounds ignores one disturbed round.

export const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

/** The q-quantile (0..1) by linear interpolation. */
export const quantile = (xs, q) => {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const at = (v.length - 1) * q;
  const lo = Math.floor(at);
  return v[lo] + (v[Math.min(lo + 1, v.length - 1)] - v[lo]) * (at - lo);
};

const ratio = (a, b) => (typeof a === "number" && typeof b === "number" && b > 0 ? a / b : null);
/** The middle half of the values: their 25th and 75th percentiles. */
const middleHalf = (xs) => {
  const lo = quantile(xs, 0.25);
  return lo === null ? null : [lo, quantile(xs, 0.75)];
};

/**
 * The figures of a case's rounds: medians of the per-round figures, counts
 * summed over the rounds (so validity is judged on every reply), and the
 * rounds themselves.
 */
export function summarise(rounds) {
  const sum = (k) => rounds.reduce((total, r) => total + (r[k] ?? 0), 0);
  const med = (f) => median(rounds.map(f));
  const rps = rounds.map((r) => r.rps);
  return {
    rps: med((r) => r.rps),
    p50: med((r) => r.p50),
    p99: med((r) => r.p99),
    cpuMsPerRequest: med((r) => r.cpuMsPerRequest),
    requests: sum("requests"),
    errors: sum("errors"),
    timeouts: sum("timeouts"),
    non2xx: sum("non2xx"),
    bad: sum("bad"),
    badSamples: rounds.flatMap((r) => r.badSamples ?? []).slice(0, 3),
    rssMiB: rounds.at(-1)?.rssMiB ?? null,
    /** (max - min) / median of the rounds' req/s. */
    rpsSpread: rps.length > 1 && median(rps) ? (Math.max(...rps) - Math.min(...rps)) / median(rps) : 0,
    /** Cores that other processes kept busy (median over the rounds). */
    otherCores: med((r) => r.cores?.other),
    /** Share of the round workerd's threads spent runnable but without a CPU (median over the rounds). */
    workerdWait: med((r) => r.waiting?.workerd),
    rounds: rounds.map((r) => ({
      rps: r.rps,
      p50: r.p50,
      p99: r.p99,
      cpuMsPerRequest: r.cpuMsPerRequest,
      requests: r.requests,
      seconds: r.seconds,
      cores: r.cores,
      waiting: r.waiting,
    })),
  };
}

/**
 * Loads `warmup` seconds of the case (discarded), then `rounds` pairs of
 * reference round + case round. Returns both sides summarised and the ratios
 * of the case to the reference: of the medians, and of each pair (the
 * spread).
 */
export async function alternate({ loadReference, loadCase, rounds, warmup, say = () => {} }) {
  let warm = null;
  if (warmup > 0) warm = await loadCase(warmup);
  const ref = [];
  const subject = [];
  const discarded = { ref: [], subject: [] };
  const maxRedo = Math.ceil(rounds / 2);
  for (let i = 0; i < rounds; ) {
    const r = await loadReference();
    const c = await loadCase();
    const redo = (disturbed(r) || disturbed(c)) && discarded.subject.length < maxRedo;
    say(
      `  round ${i + 1}/${rounds}: reference ${r.rps.toFixed(0)} req/s ${fmtCpu(r)}, case ${c.rps.toFixed(0)} req/s ${fmtCpu(c)}` +
        (c.cores?.other != null ? `, other processes ${Math.max(c.cores.other, r.cores?.other ?? 0).toFixed(2)} cores` : "") +
        (c.waiting?.workerd != null
          ? `, waiting for a CPU: workerd ${r.waiting.workerd.toFixed(2)}/${c.waiting.workerd.toFixed(2)}, load ${r.waiting.load.toFixed(2)}/${c.waiting.load.toFixed(2)}`
          : "") +
        (redo ? " -> disturbed, this pair is done again" : ""),
    );
    if (redo) {
      discarded.ref.push(r);
      discarded.subject.push(c);
      continue;
    }
    ref.push(r);
    subject.push(c);
    i++;
  }
  // Figures come from the kept pairs; every reply counts towards validity, kept or not.
  const reference = withCounts(summarise(ref), discarded.ref);
  const result = withCounts(summarise(subject), discarded.subject);
  result.redone = discarded.subject.length;
  const pairs = subject.map((c, i) => ({ rps: ratio(c.rps, ref[i].rps), cpu: ratio(c.cpuMsPerRequest, ref[i].cpuMsPerRequest) }));
  return {
    result,
    reference,
    warmup: warm && { rps: warm.rps, requests: warm.requests, bad: warm.bad, errors: warm.errors },
    toReference: {
      rps: ratio(result.rps, reference.rps),
      p50: ratio(result.p50, reference.p50),
      p99: ratio(result.p99, reference.p99),
      cpu: ratio(result.cpuMsPerRequest, reference.cpuMsPerRequest),
    },
    pairs,
    spread: { rps: middleHalf(pairs.map((p) => p.rps)), cpu: middleHalf(pairs.map((p) => p.cpu)) },
  };
}

/**
 * A round so disturbed that its figures describe the machine, not the code: no
 * reply at all, or workerd or the load process runnable without a CPU for more
 * than DISTURBED_WAIT of the round (the machine overloaded, swapping). Such a
 * pair is done again, at most rounds / 2 times per case; the table says how
 * many were.
 */
const DISTURBED_WAIT = 0.35;
const disturbed = (r) => !r.requests || (r.waiting?.workerd ?? 0) > DISTURBED_WAIT || (r.waiting?.load ?? 0) > DISTURBED_WAIT;

function withCounts(summary, rounds) {
  for (const k of ["requests", "errors", "timeouts", "non2xx", "bad"]) summary[k] += rounds.reduce((t, r) => t + (r[k] ?? 0), 0);
  if (summary.badSamples.length < 3)
    summary.badSamples.push(...rounds.flatMap((r) => r.badSamples ?? []).slice(0, 3 - summary.badSamples.length));
  summary.discardedRounds = rounds.map((r) => ({
    rps: r.rps,
    cpuMsPerRequest: r.cpuMsPerRequest,
    requests: r.requests,
    waiting: r.waiting,
  }));
  return summary;
}

const fmtCpu = (r) => (r.cpuMsPerRequest == null ? "" : `(${r.cpuMsPerRequest.toFixed(2)} cpu ms/req)`);
