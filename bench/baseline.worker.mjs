// The bench's baseline: the cheapest JSON route the runtime can serve, and the
// same with one D1 query, so the runtime's own D1 cost can be told apart from
// the app's. Runs only inside the bench, never deployed.
const body = JSON.stringify({ ok: true });
const json = { headers: { "content-type": "application/json" } };

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/d1") {
      const row = await env.DB.prepare("SELECT 1 AS one").first();
      return new Response(JSON.stringify({ ok: row.one === 1 }), json);
    }
    return new Response(body, json);
  },
};
