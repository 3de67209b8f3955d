// GET /health: the platform middleware plus one D1 round trip.
export default {
  name: "GET /health",
  target: "read",
  // Against the reference alternated with it: throughput and workerd CPU per request.
  refTarget: { rps: 0.9, cpu: 1.2 },
  cost: ["GET /health"],
  probe: { method: "GET", path: "/health" },
  setup: async () => ({}),
  requests: () => [{ method: "GET", path: "/health" }],
  check: (status, body) => (status === 200 && JSON.parse(body).ok === true ? null : `HTTP ${status} ${body.slice(0, 120)}`),
};
