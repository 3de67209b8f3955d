import { fork } from "node:child_process";
import path from "node:path";

const CHILD = path.join(import.meta.dirname, "load-child.mjs");
const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * A load process (a separate Node process running autocannon) that takes one
 * round after another, so short rounds do not each pay for starting Node.
 * `round(options)` loads `options.url` with the named case's requests for
 * `options.duration` seconds and returns the figures; `close()` ends it.
 */
export function loader({ workerdPid, nice } = {}) {
  const child = fork(CHILD, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  running.add(child);
  let current = null;
  let exited = null;
  child.on("message", (msg) => {
    const waiter = current;
    current = null;
    if (!waiter) return;
    clearTimeout(waiter.guard);
    if (msg.ok) waiter.resolve(msg.result);
    else waiter.reject(new Error(msg.error));
  });
  child.once("exit", (code, signal) => {
    running.delete(child);
    exited = `load process exited (${signal ?? code}) before reporting`;
    if (current) {
      clearTimeout(current.guard);
      current.reject(new Error(exited));
      current = null;
    }
  });
  return {
    round({ url, caseFile, caseName, data, duration, connections }) {
      if (exited) return Promise.reject(new Error(exited));
      if (current) return Promise.reject(new Error("one round at a time"));
      return new Promise((resolve, reject) => {
        // autocannon stops by itself after `duration`; this guards against a wedged child.
        const guard = setTimeout(() => child.kill("SIGKILL"), (duration + 60) * 1000);
        current = { resolve, reject, guard };
        child.send({ url, caseFile, caseName, data, duration, connections, workerdPid, nice });
      });
    },
    close() {
      if (!exited && child.connected) child.disconnect();
    },
  };
}

/** One round from a load process of its own. */
export async function load(options) {
  const l = loader(options);
  try {
    return await l.round(options);
  } finally {
    l.close();
  }
}
