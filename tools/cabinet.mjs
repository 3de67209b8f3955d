#!/usr/bin/env node
// A sports equipment cabinet over HTTP (CONTRACT section 4): it polls, shows
// the verification code, opens doors, and reports the tags taken or put back.
// Plain Node, no dependencies. Stop with Ctrl-C.
//
//   npm run cabinet -- --device bj-1 --secret <secret> [--url http://127.0.0.1:8787]
//       [--slots "1=T-0001,2=T-0002,3="] [--fresh] [--state FILE] [--return-tag T-0001] [--act-ms 800]
//       [--jam] [--nothing-taken] [--wrong-tag] [--lose-report] [--late-report 40] [--report-twice] [--ws]
//
// What is in the slots (and in the returning student's hand) is kept in
// .wrangler/cabinets/<device>.json, so a restarted cabinet still holds what it
// held; --fresh starts again from --slots or the demo layout.
// --ws keeps a WebSocket open instead of polling every second: the same signed
// requests travel as messages and door commands are pushed at once.
//
// While it runs, type a fault name and Enter to toggle it (jam, nothing, wrong,
// lose, late, twice), `ok` to clear all, `slots` to print the inventory.

import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: {
    device: { type: "string" },
    secret: { type: "string" },
    url: { type: "string", default: "http://127.0.0.1:8787" },
    slots: { type: "string" },
    fresh: { type: "boolean", default: false },
    state: { type: "string" },
    "slot-count": { type: "string", default: "6" },
    "return-tag": { type: "string" },
    "wrong-tag-id": { type: "string", default: "T-9999" },
    "act-ms": { type: "string", default: "800" },
    jam: { type: "boolean", default: false },
    "nothing-taken": { type: "boolean", default: false },
    "wrong-tag": { type: "boolean", default: false },
    "lose-report": { type: "boolean", default: false },
    "late-report": { type: "string" },
    "report-twice": { type: "boolean", default: false },
    ws: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (opts.help || !opts.device || !opts.secret) {
  console.log(
    "usage: npm run cabinet -- --device bj-1 --secret <secret> [--url http://127.0.0.1:8787] [--slots 1=T-0001,2=] [--return-tag T]\n" +
      "       faults: --jam --nothing-taken --wrong-tag --lose-report --late-report <seconds> --report-twice; --ws for the WebSocket transport",
  );
  process.exit(opts.help ? 0 : 2);
}

if (opts.ws && typeof WebSocket === "undefined") {
  console.error("--ws needs Node 22 or later (npm run cabinet uses the project's Node 22)");
  process.exit(2);
}

// What the demo seed (tools/seed/sports.sql) puts into the two demo cabinets.
const DEMO = {
  "bj-1": "1=T-0001,2=T-0002,3=T-0003,4=T-0004,5=,6=",
  "bj-2": "1=T-0101,2=T-0102,3=T-0103,4=,5=,6=",
};

/** slot number -> tag (or null): what the RFID reader sees. */
const slots = new Map();
/** Tags taken out of this cabinet, most recent last: what a returning student holds. */
const hand = [];
const stateFile = opts.state ?? `.wrangler/cabinets/${opts.device.replace(/[^\w.-]/g, "_")}.json`;

function loadState() {
  if (opts.fresh || opts.slots) return false;
  try {
    const saved = JSON.parse(readFileSync(stateFile, "utf8"));
    for (const { slot, tag } of saved.slots) slots.set(slot, tag);
    hand.push(...saved.hand);
    return true;
  } catch {
    return false;
  }
}

function saveState() {
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, JSON.stringify({ slots: snapshot(), hand }, null, 1));
}

const layout = opts.slots ?? DEMO[opts.device];
// A restarted cabinet holds what it held; otherwise start from the layout.
const restored = loadState();
if (!restored && layout) {
  for (const part of layout.split(",").filter(Boolean)) {
    const [slot, tag] = part.split("=");
    slots.set(Number(slot), tag ? tag.trim() : null);
  }
} else if (!restored) {
  for (let i = 1; i <= Number(opts["slot-count"]); i++) slots.set(i, null);
}

const faults = {
  jam: opts.jam,
  nothing: opts["nothing-taken"],
  wrong: opts["wrong-tag"],
  lose: opts["lose-report"],
  late: opts["late-report"] !== undefined,
  twice: opts["report-twice"],
};
const lateSeconds = Number(opts["late-report"] ?? 40);
const actMs = Number(opts["act-ms"]);

/** Commands already acted on (a command is redelivered until reported or expired). */
const handled = new Set();
let silentUntil = 0;
let lastCodes = "";
let stopped = false;
let timer = null;

const base = opts.url.replace(/\/+$/, "");
const log = (msg) => console.log(`${new Date().toISOString().slice(11, 19)} [${opts.device}] ${msg}`);

const signature = (ts, method, path, text) => createHmac("sha256", opts.secret).update(`${ts}\n${method}\n${path}\n${text}`).digest("hex");
const now = () => String(Math.floor(Date.now() / 1000));

/** HTTP: every request is a signed POST. */
async function httpRequest(path, body) {
  const text = JSON.stringify(body);
  const ts = now();
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-device-id": opts.device,
      "x-timestamp": ts,
      "x-signature": signature(ts, "POST", path, text),
    },
    body: text,
  });
  const reply = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(reply)}`);
  return reply;
}

/** WebSocket: the same signed requests as messages; answers matched by id; pushed poll replies handled at once. */
let socket = null;
let nextId = 1;
const pending = new Map();
function wsConnect() {
  return new Promise((resolve, reject) => {
    const ts = now();
    const path = "/sports/cabinet/ws";
    const auth = new URLSearchParams({ device_id: opts.device, timestamp: ts, signature: signature(ts, "GET", path, "") });
    const ws = new WebSocket(`${base.replace(/^http/, "ws")}${path}?${auth}`);
    ws.addEventListener("open", () => {
      socket = ws;
      log("WebSocket connected");
      resolve();
    });
    ws.addEventListener("message", (e) => {
      const msg = JSON.parse(String(e.data));
      if (msg.push) return handlePollReply(msg.body);
      const waiter = pending.get(msg.id);
      pending.delete(msg.id);
      if (!waiter) return;
      if (msg.status === 200) waiter.resolve(msg.body);
      else waiter.reject(new Error(`${msg.path}: ${msg.status} ${JSON.stringify(msg.body)}`));
    });
    ws.addEventListener("close", (e) => {
      if (socket === ws) log(`WebSocket closed (${e.code})`);
      socket = null;
      for (const waiter of pending.values()) waiter.reject(new Error("WebSocket closed"));
      pending.clear();
    });
    ws.addEventListener("error", () => reject(new Error("WebSocket failed to connect")));
  });
}

async function wsRequest(path, body) {
  if (!socket) await wsConnect();
  const text = JSON.stringify(body);
  const ts = now();
  const id = nextId++;
  const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  socket.send(JSON.stringify({ id, path, timestamp: ts, signature: signature(ts, "POST", path, text), body: text }));
  return answer;
}

const signedPost = opts.ws ? wsRequest : httpRequest;

const snapshot = () => [...slots.entries()].sort(([a], [b]) => a - b).map(([slot, tag]) => ({ slot, tag }));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendReport(report) {
  if (faults.lose) {
    log(`report LOST (fault): ${JSON.stringify(report)}; the next poll's snapshot shows what happened`);
    return;
  }
  if (faults.late) {
    log(`network down for ${lateSeconds} s (fault: late report); no polls until then`);
    silentUntil = Date.now() + lateSeconds * 1000;
    await sleep(lateSeconds * 1000);
  }
  await signedPost("/sports/cabinet/report", report);
  log(`reported ${JSON.stringify(report)}`);
  if (faults.twice) {
    await signedPost("/sports/cabinet/report", report);
    log("reported the same again (fault: report twice)");
  }
}

/** Opens the door and plays the student: takes the item, or puts one back. */
async function act(cmd) {
  const report = { command_id: cmd.command_id, door: "opened", slot: cmd.slot, tag_removed: null, tag_inserted: null };
  if (faults.jam) {
    log(`door of slot ${cmd.slot} JAMMED (fault)`);
    return sendReport({ ...report, door: "jammed" });
  }
  log(`door of slot ${cmd.slot} opens (${cmd.purpose})`);
  await sleep(actMs);
  if (faults.nothing) {
    log("the student walks away without taking or putting anything (fault)");
  } else if (cmd.purpose === "rent") {
    const tag = slots.get(cmd.slot) ?? null;
    if (tag) {
      slots.set(cmd.slot, null);
      hand.push(tag);
      report.tag_removed = tag;
      log(`${tag} taken from slot ${cmd.slot}`);
    } else log(`slot ${cmd.slot} is empty: nothing to take`);
  } else {
    const tag = faults.wrong ? opts["wrong-tag-id"] : (hand.pop() ?? opts["return-tag"] ?? null);
    if (tag) {
      slots.set(cmd.slot, tag);
      report.tag_inserted = tag;
      log(`${tag} put into slot ${cmd.slot}${faults.wrong ? " (fault: wrong tag)" : ""}`);
    } else log("nothing to put back (start with --return-tag T-xxxx to return an item rented elsewhere)");
  }
  log(`door of slot ${cmd.slot} closes`);
  saveState();
  await sendReport(report);
}

async function pollOnce() {
  if (Date.now() < silentUntil) return 1000;
  const reply = await signedPost("/sports/cabinet/poll", { slots: snapshot() });
  handlePollReply(reply);
  return reply.poll_after_ms ?? 1000;
}

function handlePollReply(reply) {
  if (Date.now() < silentUntil) return;
  const codes = reply.codes.join(",");
  if (codes !== lastCodes) {
    lastCodes = codes;
    log(`display shows code ${reply.codes[0]}${reply.codes[1] ? ` (previous ${reply.codes[1]})` : ""}`);
  }
  for (const cmd of reply.commands) {
    if (handled.has(cmd.command_id)) continue;
    handled.add(cmd.command_id);
    act(cmd).catch((err) => log(`command ${cmd.command_id} failed: ${err.message}`));
  }
}

async function loop() {
  if (stopped) return;
  let wait = 1000;
  try {
    wait = await pollOnce();
  } catch (err) {
    log(`poll failed: ${err.message}`);
    wait = 3000;
  }
  if (!stopped) timer = setTimeout(loop, wait);
}

const NAMES = { jam: "jam", nothing: "nothing", wrong: "wrong", lose: "lose", late: "late", twice: "twice" };
const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const word = line.trim();
  if (word === "ok") for (const k of Object.keys(faults)) faults[k] = false;
  else if (word === "slots") log(JSON.stringify(snapshot()));
  else if (NAMES[word]) faults[word] = !faults[word];
  else if (word) log(`unknown input "${word}" (jam, nothing, wrong, lose, late, twice, ok, slots)`);
  const on = Object.keys(faults).filter((k) => faults[k]);
  if (word) log(`faults: ${on.length ? on.join(", ") : "none"}`);
});

function stop() {
  stopped = true;
  if (timer) clearTimeout(timer);
  socket?.close(1000, "stopping");
  rl.close();
  log("stopped");
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// npm does not pass a SIGTERM on to this script; stop when npm is gone.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop(), 1000).unref();

saveState();
log(`${opts.ws ? "connecting to" : "polling"} ${base} with ${slots.size} slots (state in ${stateFile}): ${JSON.stringify(snapshot())}`);
loop();
