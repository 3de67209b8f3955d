// Document 003 reads: the device list (no session) and the profile (session checked), over the 20-cabinet fleet.
// Skipped until the sports surface is merged.
import { fleetOf } from "../lib/sports.mjs";

const acceptedReply = (status, body) => {
  if (status !== 200) return `HTTP ${status}`;
  const reply = JSON.parse(body);
  return reply.status === "accepted" ? null : reply.status;
};

export default [
  {
    name: "003 GET /sports/device/list",
    cost: ["GET /sports/device/list"],
    target: "read",
    probe: { method: "GET", path: "/sports/device/list" },
    setup: async (ctx) => {
      await fleetOf(ctx);
      return {};
    },
    requests: () => [{ method: "GET", path: "/sports/device/list" }],
    check: (status, body) =>
      acceptedReply(status, body) ?? (JSON.parse(body).devices.length >= 20 ? null : "fewer devices than provisioned"),
  },
  {
    name: "003 GET /sports/user/profile/",
    cost: ["GET /sports/user/profile"],
    target: "read",
    probe: { method: "GET", path: "/sports/user/profile/" },
    setup: async (ctx) => (await fleetOf(ctx)).students,
    requests: (students) => {
      let i = 0;
      return [
        {
          method: "GET",
          label: "GET /sports/user/profile/",
          setupRequest(req) {
            const s = students[i++ % students.length];
            return { ...req, path: `/sports/user/profile/?${new URLSearchParams({ userid: s.userid, client_session_id: s.session })}` };
          },
        },
      ];
    },
    check: acceptedReply,
  },
];
