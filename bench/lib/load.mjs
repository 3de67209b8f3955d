import { fork } from "node:child_process";
import path from "node:path";

const CHILD = path.join(import.meta.dirname, "load-child.mjs");
const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Loads `url` with the named case's requests from a separate Node process and returns autocannon's summary. */
export function load({ url, caseFile, caseName, data, duration, connections }) {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    running.add(child);
    let settled = false;
    // autocannon stops by itself after `duration`; this guards against a wedged child.
    const guard = setTimeout(() => child.kill("SIGKILL"), (duration + 60) * 1000);
    child.once("message", (msg) => {
      settled = true;
      clearTimeout(guard);
      child.disconnect();
      if (msg.ok) resolve(msg.result);
      else reject(new Error(msg.error));
    });
    child.once("exit", (code, signal) => {
      running.delete(child);
      clearTimeout(guard);
      if (!settled) reject(new Error(`load process exited (${signal ?? code}) before reporting`));
    });
    child.send({ url, caseFile, caseName, data, duration, connections });
  });
}
