// CPU time and memory of the workerd process that runs the workers (Linux /proc).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticks = 100;
try {
  ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {}

function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces), from field 3 on.
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]) };
}

const comm = (pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim();

/** The workerd process started by this process (a descendant named workerd), or null off Linux. */
export function findWorkerd(root = process.pid) {
  let pids;
  try {
    pids = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return null;
  }
  const parent = new Map();
  for (const pid of pids) {
    try {
      parent.set(pid, stat(pid).ppid);
    } catch {}
  }
  const descends = (pid) => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  for (const pid of pids) {
    try {
      if (comm(pid) === "workerd" && descends(pid)) return pid;
    } catch {}
  }
  return null;
}

/** User + system CPU milliseconds the process has used so far. */
export function cpuMs(pid) {
  if (!pid) return null;
  try {
    const { utime, stime } = stat(pid);
    return ((utime + stime) * 1000) / ticks;
  } catch {
    return null;
  }
}

/** Resident set size in MiB. */
export function rssMiB(pid) {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
