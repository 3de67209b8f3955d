// Served by bench/baseline.worker.mjs in the same runtime and under the same load as the cases.
export default [
  {
    name: "baseline",
    requests: () => [{ method: "GET", path: "/" }],
  },
  {
    name: "reference: baseline + 1 D1 query",
    requests: () => [{ method: "GET", path: "/d1" }],
    check: (status, body) => (status === 200 && JSON.parse(body).ok === true ? null : `HTTP ${status} ${body.slice(0, 120)}`),
  },
];
