// Document 002: login (upsert of the profile) and get (handle check + one read), over many distinct users.
import { expectReply, inParallel } from "../lib/http.mjs";

const USERS = Number(process.env.BENCH_USERS ?? 500);

/** Users registered through the real flow: simulator code -> getOpenid -> login. */
async function registerUsers(ctx) {
  return inParallel(
    Array.from({ length: USERS }, (_, i) => i),
    8,
    async (i) => {
      const code = await ctx.http.wxCode(`bench-service-${i}`);
      const { data } = expectReply("getOpenid", await ctx.http.postForm("/service/user/getOpenid", { js_code: code }), (b) => b.code === 0);
      const profile = { phone: `138${String(i).padStart(8, "0")}`, qq: String(100000 + i), cardno: `2026${String(i).padStart(6, "0")}` };
      expectReply("login", await ctx.http.postForm("/service/user/login", { openid: data.openid, ...profile }), (b) => b.code === 0);
      return { handle: data.openid, ...profile };
    },
  );
}

const codeZero = (status, body) => {
  if (status !== 200) return `HTTP ${status}`;
  const { code, msg } = JSON.parse(body);
  return code === 0 ? null : `code ${code} ${msg}`;
};

/** One POST per request, cycling through the users. */
function formCycle(path, users, form) {
  let i = 0;
  return [
    {
      method: "POST",
      path,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      setupRequest(req) {
        const user = users[i++ % users.length];
        return { ...req, body: new URLSearchParams(form(user)).toString() };
      },
    },
  ];
}

export default [
  {
    name: "002 POST /service/user/login",
    cost: ["POST /service/user/login (again)"],
    probe: { method: "POST", path: "/service/user/login" },
    setup: (ctx) => ctx.memo("service-users", () => registerUsers(ctx)),
    requests: (users) => formCycle("/service/user/login", users, (u) => ({ openid: u.handle, phone: u.phone, qq: u.qq, cardno: u.cardno })),
    check: codeZero,
  },
  {
    name: "002 POST /service/user/get",
    cost: ["POST /service/user/get"],
    target: "read",
    refTarget: { rps: 0.8, cpu: 1.5 },
    probe: { method: "POST", path: "/service/user/get" },
    setup: (ctx) => ctx.memo("service-users", () => registerUsers(ctx)),
    requests: (users) => formCycle("/service/user/get", users, (u) => ({ openid: u.handle })),
    check: codeZero,
  },
];
