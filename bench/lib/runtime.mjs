import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { simulatorsMigrations, simulatorsWorker } from "../../simulators/miniflare.mjs";

const HOST = "127.0.0.1";

/** A port that was free a moment ago (the worker needs its own URL before it starts). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** KEY=VALUE lines of .dev.vars.example, so secrets added there reach the bench too. */
async function exampleVars(root) {
  let text;
  try {
    text = await readFile(path.join(root, ".dev.vars.example"), "utf8");
  } catch {
    return {};
  }
  const vars = {};
  for (const m of text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\n#]*)/gm)) {
    let value = m[2].trim();
    if (value.startsWith('"')) value = JSON.parse(value.replace(/\n/g, "\\n"));
    else if (value.startsWith("'")) value = value.slice(1, -1);
    vars[m[1]] = value;
  }
  return vars;
}

/** Applies every migrations/*.sql (drizzle-kit's flat layout) in order. */
async function applyMigrations(db, dir) {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  for (const file of files) {
    const text = await readFile(path.join(dir, file), "utf8");
    const statements = text
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
  return files;
}

/**
 * Runs the bundled worker, a trivial baseline worker and the upstream
 * simulators (simulators/, bundled into `simulatorsDir`) side by side in one
 * Miniflare (workerd) instance. Each worker gets its own direct socket, so a
 * request reaches the worker without Miniflare's entry worker or any proxy.
 */
export async function startRuntime({ root, scriptPath, simulatorsDir, persistDir, onLog, inspector = false }) {
  const [appPort, baselinePort, simulatorsPort] = [await freePort(), await freePort(), await freePort()];
  // workerd's V8 inspector (for --profile only: the plain bench runs without it), on 127.0.0.1.
  const inspectorPort = inspector ? await freePort() : undefined;
  const appUrl = `http://${HOST}:${appPort}`;
  const simulatorsUrl = `http://${HOST}:${simulatorsPort}`;
  const simulators = await simulatorsWorker(simulatorsDir);
  // The bundle is one self-contained module, so wrangler's module rules do not apply.
  const {
    modulesRules: _rules,
    rootPath: _root,
    ...workerOptions
  } = unstable_getMiniflareWorkerOptions(path.join(root, "wrangler.toml")).workerOptions;
  const secrets = {
    ADMIN_TOKEN: randomBytes(18).toString("base64url"),
    SESSION_SECRET: randomBytes(32).toString("base64url"),
  };
  const bindings = {
    ...workerOptions.bindings,
    ...(await exampleVars(root)),
    ...secrets,
    WECHAT_API_BASE: `${simulatorsUrl}/__sim/wechat`,
    LIBRARY_API_BASE: `${simulatorsUrl}/__sim/aleph/X`,
  };
  const compat = { compatibilityDate: workerOptions.compatibilityDate, compatibilityFlags: workerOptions.compatibilityFlags };
  // wrangler describes the bindings in Miniflare 4's option shape; Miniflare 5 converts them.
  const options = convertV4MiniflareOptions({
    host: HOST,
    port: 0,
    ...(inspectorPort ? { inspectorPort, inspectorHost: HOST } : {}),
    log: new Log(LogLevel.WARN),
    cf: false,
    unsafeTriggerHandlers: true,
    handleStructuredLogs: ({ level, message }) => onLog?.(message, level),
    workers: [
      {
        ...workerOptions,
        name: "app",
        modules: true,
        scriptPath,
        modulesRoot: path.dirname(scriptPath),
        bindings,
        // Every fetch the worker makes (WeChat, the library system) goes to the simulators, inside workerd.
        outboundService: simulators.name,
        unsafeDirectSockets: [{ host: HOST, port: appPort }],
      },
      { ...simulators, unsafeDirectSockets: [{ host: HOST, port: simulatorsPort }] },
      {
        name: "baseline",
        modules: true,
        scriptPath: path.join(import.meta.dirname, "..", "baseline.worker.mjs"),
        ...compat,
        d1Databases: workerOptions.d1Databases,
        unsafeDirectSockets: [{ host: HOST, port: baselinePort }],
      },
    ],
  });
  const mf = new Miniflare({ ...options, resourcePersistencePath: persistDir, telemetry: { enabled: false } });
  await mf.ready;
  const db = await mf.getD1Database("DB", "app");
  const migrations = await applyMigrations(db, path.join(root, "migrations"));
  await applyMigrations(await mf.getD1Database("DB", simulators.name), simulatorsMigrations);
  return {
    mf,
    db,
    appUrl,
    simulatorsUrl,
    baselineUrl: `http://${HOST}:${baselinePort}`,
    /** The DevTools WebSocket of one worker's isolate, when started with `inspector`. */
    inspectorUrl: (worker) => (inspectorPort ? `ws://${HOST}:${inspectorPort}/core:user:${worker}` : null),
    adminToken: secrets.ADMIN_TOKEN,
    bindings,
    migrations,
    /** Fires the worker's cron handler once; `outcome` is "ok" or the failure workerd reports. */
    async scheduled(cron = "* * * * *") {
      const res = await mf.dispatchFetch(`http://localhost/cdn-cgi/local/scheduled?format=json&cron=${encodeURIComponent(cron)}`);
      const text = await res.text();
      try {
        return JSON.parse(text);
      } catch {
        return { outcome: text || `HTTP ${res.status}` };
      }
    },
    dispose: () => mf.dispose(),
  };
}
