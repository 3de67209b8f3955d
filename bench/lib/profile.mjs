// CPU profiles of the app worker's isolate through workerd's V8 inspector
// (Chrome DevTools protocol, Profiler domain), and their reading: self time
// per function and per source file or package, mapped back through the
// bundle's source map.
import { readFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import path from "node:path";

/** A DevTools protocol session over the inspector WebSocket (Node 22's global WebSocket). */
export async function inspectorSession(url) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot reach the inspector at ${url}`)), { once: true });
  });
  let nextId = 1;
  const pending = new Map();
  ws.addEventListener("message", (event) => {
    const msg = JSON.parse(String(event.data));
    const waiter = msg.id && pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.error) waiter.reject(new Error(`${msg.error.message} (${JSON.stringify(msg.error)})`));
    else waiter.resolve(msg.result);
  });
  return {
    send(method, params = {}) {
      const id = nextId++;
      ws.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    close: () => ws.close(),
  };
}

/**
 * Runs `during()` (the load) with the V8 sampling profiler on, and returns
 * the .cpuprofile object and what `during` returned.
 */
export async function profileWhile(url, during, { intervalUs = 100 } = {}) {
  const session = await inspectorSession(url);
  try {
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: intervalUs });
    await session.send("Profiler.start");
    let outcome;
    let profile;
    try {
      outcome = await during();
    } finally {
      ({ profile } = await session.send("Profiler.stop"));
      await session.send("Profiler.disable").catch(() => {});
    }
    return { profile, outcome };
  } finally {
    session.close();
  }
}

const SPECIAL = new Set(["(idle)", "(program)", "(garbage collector)", "(root)"]);

/** Who a bundled module belongs to: a package under node_modules, else its path in the repository. */
function ownerOf(modulePath) {
  const at = modulePath.lastIndexOf("node_modules/");
  if (at < 0) return modulePath;
  const parts = modulePath.slice(at + "node_modules/".length).split("/");
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * The bundle's modules by first line: esbuild (through wrangler) opens each
 * module's code with a comment naming its path, e.g.
 * `// node_modules/drizzle-orm/relations.js` or `// src/platform/logging.ts`.
 * Packages' own source maps do not always resolve (drizzle-orm's point at a
 * `src/` it does not ship), so these comments say which package a line is in.
 */
function moduleIndex(code) {
  const starts = [];
  const lines = code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\/\/ (\S+\.(?:mjs|cjs|js|jsx|ts|tsx|mts|json))$/.exec(lines[i]);
    if (m) starts.push({ line: i, path: m[1] });
  }
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid].line <= line) {
        found = starts[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found?.path ?? null;
  };
}

/**
 * Self time per function and per file or package. `scriptPath` is the bundle
 * (its source map beside it); frames of other scripts, such as workerd's own
 * JavaScript, keep their URL.
 */
export async function readProfile(profile, { scriptPath, requests }) {
  const scriptName = path.basename(scriptPath);
  const moduleAt = moduleIndex(await readFile(scriptPath, "utf8"));
  let map = null;
  try {
    map = new SourceMap(JSON.parse(await readFile(`${scriptPath}.map`, "utf8")));
  } catch {}
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the time until the next one.
    const us = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + us);
  }
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const stem = (p) => path.basename(p).replace(/\.[^.]+$/, "");
  /** Name, place and owner of a profile node's function. */
  const describe = (f) => {
    const name = f.functionName || "(anonymous)";
    if (SPECIAL.has(f.functionName)) return { name, where: "", owner: f.functionName };
    if (f.url && (f.url === scriptName || f.url.endsWith(`/${scriptName}`))) {
      const modulePath = moduleAt(f.lineNumber);
      const entry = map?.findEntry(f.lineNumber, f.columnNumber);
      const short = modulePath?.replace(/^.*node_modules\//, "") ?? scriptName;
      return {
        name: name === "(anonymous)" && entry?.name ? entry.name : name,
        owner: modulePath ? ownerOf(modulePath) : "(bundle)",
        // The original line when the source map resolves to this very module, else the bundle's line.
        where:
          entry?.originalSource && modulePath && stem(entry.originalSource) === stem(modulePath)
            ? `${short}:${entry.originalLine + 1}`
            : `${short} (${scriptName}:${f.lineNumber + 1})`,
      };
    }
    // V8 builtins and the runtime's native functions called from JavaScript.
    if (!f.url) return { name, where: "", owner: "(native: V8 builtins, workerd APIs)" };
    return { name, where: `${f.url}:${f.lineNumber + 1}`, owner: `(runtime JS: ${f.url.replace(/:.*$/, "")})` };
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, { node: n, ...describe(n.callFrame) }]));
  const byFunction = new Map();
  const byOwner = new Map();
  const byGroup = new Map();
  let idleUs = 0;
  for (const { node, name, where, owner } of byId.values()) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    if (name === "(idle)") {
      idleUs += us;
      continue;
    }
    const key = `${name}\u0000${where}`;
    const fn = byFunction.get(key) ?? { name, where, owner, us: 0, totalUs: 0 };
    fn.us += us;
    byFunction.set(key, fn);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const group = owner.startsWith("src/") ? `${path.posix.dirname(owner)}/*` : owner;
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
  }
  // Inclusive time: a function's self time plus everything it called, counted once
  // per stack even when the function recurses.
  const inclusive = new Map();
  const walk = (id, onPath) => {
    const d = byId.get(id);
    const key = `${d.name}\u0000${d.where}`;
    let sum = self.get(id) ?? 0;
    const fresh = !onPath.has(key);
    if (fresh) onPath.add(key);
    for (const child of d.node.children ?? []) sum += walk(child, onPath);
    if (fresh) {
      onPath.delete(key);
      if (!SPECIAL.has(d.name)) {
        const fn = inclusive.get(key) ?? { name: d.name, where: d.where, owner: d.owner, us: 0 };
        fn.us += sum;
        inclusive.set(key, fn);
      }
    }
    return sum;
  };
  const root = profile.nodes.find((n) => n.callFrame.functionName === "(root)") ?? profile.nodes[0];
  walk(root.id, new Set());
  const busyUs = totalUs - idleUs;
  const rank = (entries) => entries.sort((a, b) => b.us - a.us).map((e) => ({ ...e, share: busyUs ? e.us / busyUs : 0 }));
  return {
    profiledMs: (profile.endTime - profile.startTime) / 1000,
    sampledMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    samples: samples.length,
    requests,
    busyUsPerRequest: requests ? busyUs / requests : null,
    functions: rank([...byFunction.values()]),
    inclusive: rank([...inclusive.values()]),
    owners: rank([...byOwner.entries()].map(([owner, us]) => ({ owner, us }))),
    groups: rank([...byGroup.entries()].map(([owner, us]) => ({ owner, us }))),
  };
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** The printed summary: busy time per request, then the top functions and owners by self time. */
export function renderProfile(name, reading, file, top = 15) {
  const r = reading;
  const perReq = (us) => (r.requests ? (us / r.requests).toFixed(1) : "-");
  const out = [
    `${name}: ${r.requests} requests in ${(r.profiledMs / 1000).toFixed(1)} s profiled; the app isolate was busy ${r.busyMs.toFixed(0)} ms ` +
      `(${((r.busyMs / r.sampledMs) * 100).toFixed(0)}% of the time), ${r.busyUsPerRequest?.toFixed(0) ?? "-"} us per request; ${r.samples} samples`,
    `profile: ${file}`,
    "",
    `top ${top} functions by self time (share of the isolate's busy time)`,
    `${lpad("self %", 7)}  ${lpad("us/req", 7)}  ${pad("function", 40)}  where`,
  ];
  for (const f of r.functions.slice(0, top)) {
    out.push(
      `${lpad(`${(f.share * 100).toFixed(1)}%`, 7)}  ${lpad(perReq(f.us), 7)}  ${pad(f.name.slice(0, 40), 40)}  ${f.where || f.owner}`,
    );
  }
  out.push("", `top ${top} functions by total time (self and callees; share of the isolate's busy time)`);
  out.push(`${lpad("total %", 7)}  ${lpad("us/req", 7)}  ${pad("function", 40)}  where`);
  for (const f of r.inclusive.slice(0, top)) {
    out.push(
      `${lpad(`${(f.share * 100).toFixed(1)}%`, 7)}  ${lpad(perReq(f.us), 7)}  ${pad(f.name.slice(0, 40), 40)}  ${f.where || f.owner}`,
    );
  }
  const list = (title, rows, n) => {
    out.push("", title, `${lpad("self %", 7)}  ${lpad("us/req", 7)}  owner`);
    for (const o of rows.slice(0, n)) out.push(`${lpad(`${(o.share * 100).toFixed(1)}%`, 7)}  ${lpad(perReq(o.us), 7)}  ${o.owner}`);
  };
  list("self time by package (node_modules) or app directory", r.groups, top);
  list("self time by package or app source file", r.owners, top);
  return out.join("\n");
}
