/** Small HTTP helpers for case setup (not for load: that is autocannon's job). */
export function httpClient(base, adminToken, simulatorsBase = base) {
  async function call(method, path, { query, form, json, body: raw, headers = {}, origin = base } = {}) {
    const url = new URL(path, origin);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
    const init = { method, headers: { ...headers } };
    if (form) {
      init.headers["content-type"] = "application/x-www-form-urlencoded";
      init.body = new URLSearchParams(form).toString();
    } else if (json !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(json);
    } else if (raw !== undefined) {
      init.body = raw;
    }
    const res = await fetch(url, init);
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  }
  return {
    call,
    get: (path, query, headers) => call("GET", path, { query, headers }),
    postForm: (path, form) => call("POST", path, { form }),
    postJson: (path, json, headers) => call("POST", path, { json, headers }),
    admin: (method, path, json) => call(method, path, { json, headers: { authorization: `Bearer ${adminToken}` } }),
    /** A wx.login code from the WeChat simulator. */
    async wxCode(openid, appid) {
      const { status, body } = await call("POST", "/__sim/wechat/code", {
        json: appid ? { openid, appid } : { openid },
        origin: simulatorsBase,
      });
      if (status !== 200 || !body.code) throw new Error(`WeChat simulator gave no code: HTTP ${status} ${JSON.stringify(body)}`);
      return body.code;
    },
  };
}

/** Runs `fn` over `items` with at most `width` in flight, keeping order. */
export async function inParallel(items, width, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/** Throws with the reply when a setup call did not do what the case needs. */
export function expectReply(what, reply, ok) {
  if (!ok(reply.body, reply.status)) throw new Error(`${what}: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  return reply.body;
}
