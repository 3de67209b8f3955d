// GET /health: the platform middleware plus one D1 round trip.
export default {
  name: "GET /health",
  target: "read",
  cost: ["GET /health"],
  probe: { method: "GET", path: "/health" },
  setup: async () => ({}),
  requests: () => [{ method: "GET", path: "/health" }],
  check: (status, body) => (status === 200 && JSON.parse(body).ok === true ? null : `HTTP ${status} ${body.slice(0, 120)}`),
};
