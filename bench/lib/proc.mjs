// CPU time and memory of the workerd process that runs the workers (Linux /proc).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { setPriority } from "node:os";

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

/**
 * CPU milliseconds the process has used so far: the scheduler's own account
 * (/proc/<pid>/task/<tid>/schedstat, nanoseconds) summed over its threads,
 * else user + system time from /proc/<pid>/stat (whole clock ticks, too coarse
 * for a short round).
 */
export function cpuMs(pid) {
  if (!pid) return null;
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    }
    if (Number.isFinite(ns) && ns > 0) return ns / 1e6;
  } catch {}
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

/** Busy CPU milliseconds of the whole machine so far (every core; /proc/stat), or null off Linux. */
export function systemBusyMs() {
  try {
    const first = readFileSync("/proc/stat", "utf8").split("\n", 1)[0];
    const [user, nice, system, _idle, _iowait, irq, softirq, steal] = first.trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / ticks;
  } catch {
    return null;
  }
}

/**
 * Gives every thread of a process the scheduling priority `nice` (Linux keeps
 * a nice value per thread; threads started later inherit their creator's).
 * Returns how many threads were changed, or null when it is not allowed
 * (a negative nice needs root or CAP_SYS_NICE) or not Linux.
 */
export function renice(pid, nice) {
  if (!pid) return null;
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    tids = [pid];
  }
  let changed = 0;
  for (const tid of tids) {
    try {
      setPriority(tid, nice);
      changed++;
    } catch {
      if (!changed) return null;
    }
  }
  return changed;
}

/**
 * Linux groups the processes of each session for the scheduler (autogroup):
 * groups share the CPU as equals whatever the nice of their threads, so the
 * bench, running in its own session, gives its group the priority `nice`.
 * Returns the autogroup line after the change, or null when autogroup is off
 * or the change is not allowed.
 */
export function reniceOwnAutogroup(nice) {
  try {
    if (readFileSync("/proc/sys/kernel/sched_autogroup_enabled", "utf8").trim() !== "1") return null;
    writeFileSync("/proc/self/autogroup", String(nice));
    return readFileSync("/proc/self/autogroup", "utf8").trim();
  } catch {
    return null;
  }
}

export const autogroupEnabled = () => {
  try {
    return readFileSync("/proc/sys/kernel/sched_autogroup_enabled", "utf8").trim() === "1";
  } catch {
    return false;
  }
};

/**
 * Milliseconds the process's threads have spent runnable but waiting for a
 * CPU (the second field of /proc/<pid>/task/<tid>/schedstat), summed over its
 * threads: how much other processes kept it from running.
 */
export function waitMs(pid) {
  if (!pid) return null;
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[1]);
      } catch {}
    }
    return ns / 1e6;
  } catch {
    return null;
  }
}
