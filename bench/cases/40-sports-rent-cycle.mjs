// The full rent cycle of CONTRACT section 4, as students and cabinets run it:
// try_to_rent, cabinet poll, report (ball taken), status, then try_to_revert,
// poll, report (ball back), status. Each autocannon connection runs whole
// cycles; its requests are dependent, so the figures are per request of the
// cycle. Skipped until the sports surface and its cabinet protocol are merged.
//
// Matching a command to its operation: the poll's commands carry no operation
// id, so a "lane" (one cabinet, a group of students) has at most one cycle in
// flight at a time when there are as many connections as lanes. On the single
// crowded cabinet several cycles overlap: a rent command is unambiguous (any
// ball in the opened slot becomes the rental); a revert command is the one
// whose id equals the operation id when the server uses one id for both, and
// otherwise the first one delivered, so a mismatch shows up as a wrong reply
// ("wrong item"), never as a success.
import { accepted, prepareFleet, signedHeaders, slotList } from "../lib/sports.mjs";

const CONNECTIONS = 20;

function cycle({ cabinets, lanes }) {
  const cabs = cabinets.map((c) => ({ ...c, claimed: new Set() }));
  const laneState = lanes.map((l) => ({ cabinet: cabs[l.cabinet], students: l.students, next: 0, busy: false }));
  let rr = 0;
  const claimLane = () => {
    for (let k = 0; k < laneState.length; k++) {
      const lane = laneState[(rr + k) % laneState.length];
      if (!lane.busy) {
        rr = (rr + k + 1) % laneState.length;
        lane.busy = true;
        return lane;
      }
    }
    return laneState[rr++ % laneState.length];
  };
  const who = (ctx) => ({ userid: ctx.student.userid, client_session_id: ctx.student.session });
  const json = (body) => JSON.parse(body);
  const acceptedCheck = (status, body) => (status === 200 && accepted(json(body)) ? null : `HTTP ${status} ${body.slice(0, 100)}`);
  const rememberOperation = (status, body, ctx) => {
    ctx.operationId = status === 200 ? json(body).operation_id : undefined;
  };

  // A cabinet accepts each signature once, and the timestamp is in whole seconds: two
  // requests with the same body in one second would be a replay. A real cabinet polls every
  // few seconds; the bench's cabinets send many a second, so each body carries a counter
  // (an extra field the server ignores) to be signed uniquely.
  let sent = 0;
  const signed = (req, ctx, payload) => {
    const cab = ctx.lane.cabinet;
    const body = JSON.stringify({ ...payload, seq: ++sent });
    return { ...req, body, headers: signedHeaders(cab.deviceId, cab.secret, "POST", req.path, body) };
  };
  const poll = (purpose) => ({
    method: "POST",
    path: "/sports/cabinet/poll",
    label: `POST /sports/cabinet/poll (${purpose})`,
    setupRequest: (req, ctx) => signed(req, ctx, { slots: slotList(ctx.lane.cabinet.slots) }),
    onResponse(status, body, ctx) {
      if (status !== 200) return;
      const cab = ctx.lane.cabinet;
      const reply = json(body);
      cab.codes = reply.codes;
      const open = reply.commands.filter((c) => c.purpose === purpose && !cab.claimed.has(c.command_id));
      const command = open.find((c) => c.command_id === ctx.operationId) ?? open[0];
      if (command) {
        cab.claimed.add(command.command_id);
        ctx.command = command;
      }
    },
    check: (status, _body, ctx) => (status !== 200 ? `HTTP ${status}` : ctx.command ? null : `no ${purpose} command delivered`),
  });
  const report = (purpose) => ({
    method: "POST",
    path: "/sports/cabinet/report",
    label: `POST /sports/cabinet/report (${purpose})`,
    setupRequest(req, ctx) {
      const cab = ctx.lane.cabinet;
      const command = ctx.command ?? { command_id: "none", slot: 0 };
      let removed = null;
      let inserted = null;
      if (purpose === "rent") {
        removed = cab.slots[command.slot] ?? null;
        ctx.tag = removed;
      } else inserted = ctx.tag ?? null;
      if (ctx.command) cab.slots[command.slot] = inserted;
      ctx.command = null;
      return signed(req, ctx, {
        command_id: command.command_id,
        door: "opened",
        slot: command.slot,
        tag_removed: removed,
        tag_inserted: inserted,
      });
    },
    check: (status, body) => (status === 200 && json(body).ok === true ? null : `HTTP ${status} ${body.slice(0, 100)}`),
  });
  const status = (purpose, last) => ({
    method: "GET",
    label: `GET /sports/device/latest_renting_or_reverting_status (${purpose})`,
    setupRequest: (req, ctx) => ({
      ...req,
      path: `/sports/device/latest_renting_or_reverting_status?${new URLSearchParams(who(ctx))}`,
    }),
    onResponse(_status, _body, ctx) {
      if (last) ctx.lane.busy = false;
    },
    check(code, body) {
      if (code !== 200) return `HTTP ${code}`;
      const op = json(body).operation;
      return op?.kind === purpose && op.state === "succeeded" ? null : `operation ${JSON.stringify(op)}`;
    },
  });

  return [
    {
      method: "GET",
      label: "GET /sports/device/try_to_rent",
      setupRequest(req, ctx) {
        ctx.lane = claimLane();
        ctx.student = ctx.lane.students[ctx.lane.next++ % ctx.lane.students.length];
        const cab = ctx.lane.cabinet;
        const q = { device_id: cab.deviceId, type: cab.type, verification_code: cab.codes[0], ...who(ctx) };
        return { ...req, path: `/sports/device/try_to_rent?${new URLSearchParams(q)}` };
      },
      onResponse: rememberOperation,
      check: acceptedCheck,
    },
    poll("rent"),
    report("rent"),
    status("rent", false),
    {
      method: "GET",
      label: "GET /sports/device/try_to_revert",
      setupRequest(req, ctx) {
        const cab = ctx.lane.cabinet;
        const q = { device_id: cab.deviceId, verification_code: cab.codes[0], ...who(ctx) };
        return { ...req, path: `/sports/device/try_to_revert?${new URLSearchParams(q)}` };
      },
      onResponse: rememberOperation,
      check: acceptedCheck,
    },
    poll("revert"),
    report("revert"),
    status("revert", true),
  ];
}

/** Lanes: `perCabinet` groups of students on each cabinet. */
function lanesOf(fleet, perCabinet) {
  const lanes = [];
  const n = fleet.cabinets.length * perCabinet;
  for (let l = 0; l < n; l++) {
    lanes.push({ cabinet: l % fleet.cabinets.length, students: fleet.students.filter((_, i) => i % n === l) });
  }
  return { cabinets: fleet.cabinets, lanes };
}

const probe = { method: "POST", path: "/sports/cabinet/poll" };
/** The routes of one cycle, for its D1 counts (docs/cost.md). */
const cost = [
  "GET /sports/device/try_to_rent",
  "POST /sports/cabinet/poll",
  "POST /sports/cabinet/report (taken)",
  "GET /sports/device/latest_renting_or_reverting_status",
  "GET /sports/device/try_to_revert",
  "POST /sports/cabinet/poll",
  "POST /sports/cabinet/report (returned)",
  "GET /sports/device/latest_renting_or_reverting_status",
];

export default [
  {
    name: "003 rent cycle: 20 cabinets, 200 students",
    target: "cycle",
    probe,
    cost,
    connections: CONNECTIONS,
    sequence: 8,
    setup: async (ctx) => lanesOf(await prepareFleet(ctx, { key: "cycle", cabinets: 20, items: 6, students: 200 }), 1),
    requests: cycle,
  },
  {
    name: "003 rent cycle: 200 students on one cabinet",
    target: "cycle",
    probe,
    cost,
    connections: CONNECTIONS,
    sequence: 8,
    setup: async (ctx) => lanesOf(await prepareFleet(ctx, { key: "crowd", cabinets: 1, items: CONNECTIONS, students: 200 }), CONNECTIONS),
    requests: cycle,
  },
];
