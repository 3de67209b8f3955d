import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the dev worker the browser tests talk to, e.g. http://127.0.0.1:41234. */
    baseUrl: string;
  }
}

const root = join(import.meta.dirname, "..", "..");
// The browser tests' own local state, emptied before each run so the demo seed lands on empty databases.
const persistTo = join(".wrangler", "browser-state");
const startTimeoutMs = 240_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Stops the dev worker's whole process group (tools/dev.mjs, wrangler, workerd). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const hard = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {}
      resolve();
    }, 10_000);
    child.once("exit", () => {
      clearTimeout(hard);
      // Anything left in the group (workerd) goes too.
      try {
        process.kill(-pid, "SIGKILL");
      } catch {}
      resolve();
    });
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      clearTimeout(hard);
      resolve();
    }
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the dev worker exited (${child.exitCode ?? child.signalCode}) before answering /health:\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dev worker did not answer ${baseUrl}/health within ${startTimeoutMs / 1000} s:\n${output()}`);
}

export default async function setup(project: TestProject) {
  rmSync(join(root, persistTo), { recursive: true, force: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, "tools", "dev.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), PERSIST_TO: persistTo, WRANGLER_SEND_METRICS: "false" },
    // Its own process group, so the whole tree can be stopped at once.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The last lines of its output, shown if it fails to start.
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const onExit = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
  };
  process.once("exit", onExit);
  try {
    await waitForHealth(baseUrl, child, () => log);
  } catch (err) {
    await stop(child);
    throw err;
  }
  project.provide("baseUrl", baseUrl);
  return async () => {
    process.off("exit", onExit);
    await stop(child);
  };
}
