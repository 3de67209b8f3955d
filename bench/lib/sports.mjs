// Document 003 and CONTRACT section 4 as the bench drives them: cabinets
// provisioned through the operators' API, students signed up through the
// WeChat simulator, and cabinets that sign their polls and reports.
import { createHmac } from "node:crypto";
import { expectReply, inParallel } from "./http.mjs";

const TYPE = "篮球";
const accepted = (b) => b?.status === "accepted";

/** Headers of a signed cabinet request (CONTRACT section 4). */
export function signedHeaders(deviceId, secret, method, path, body, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHmac("sha256", secret).update(`${timestamp}\n${method}\n${path}\n${body}`).digest("hex");
  return { "content-type": "application/json", "x-device-id": deviceId, "x-timestamp": timestamp, "x-signature": signature };
}

const slotList = (slots) => Object.entries(slots).map(([slot, tag]) => ({ slot: Number(slot), tag }));

/**
 * `cabinets` cabinets with `items` tagged balls in the first slots and as many
 * empty slots, and `students` students spread over them; every cabinet has
 * polled once, so it is online and its codes are known.
 */
export async function prepareFleet(ctx, { key, cabinets, items, students }) {
  const fleet = await inParallel(
    Array.from({ length: cabinets }, (_, i) => i),
    4,
    async (i) => {
      const deviceId = `bench-${key}-${i}`;
      const created = expectReply(
        `create cabinet ${deviceId}`,
        await ctx.http.admin("POST", "/admin/sports/devices", {
          device_id: deviceId,
          name: `压测${key}${i}`,
          location: "bench",
          slots: items * 2,
        }),
        (b, status) => status === 201 && typeof b.secret === "string",
      );
      const slots = {};
      const put = [];
      for (let s = 1; s <= items * 2; s++) {
        const tag = s <= items ? `B-${key}-${i}-${s}` : null;
        slots[s] = tag;
        if (tag) put.push({ tag, name: tag, type: TYPE, slot: s });
      }
      expectReply(
        `put items into ${deviceId}`,
        await ctx.http.admin("POST", `/admin/sports/devices/${encodeURIComponent(deviceId)}/items`, { items: put }),
        (_b, status) => status >= 200 && status < 300,
      );
      const cabinet = { deviceId, secret: created.secret, slots, type: TYPE, codes: [] };
      const path = "/sports/cabinet/poll";
      const body = JSON.stringify({ slots: slotList(slots) });
      const polled = await ctx.http.call("POST", path, { headers: signedHeaders(deviceId, created.secret, "POST", path, body), body });
      cabinet.codes = expectReply(`first poll of ${deviceId}`, polled, (b, status) => status === 200 && Array.isArray(b.codes)).codes;
      return cabinet;
    },
  );
  const people = await inParallel(
    Array.from({ length: students }, (_, i) => i),
    8,
    async (i) => {
      const code = await ctx.http.wxCode(`bench-${key}-student-${i}`, ctx.bindings.SPORTS_APPID);
      const phone = `139${String(i).padStart(8, "0")}`;
      const b = expectReply(
        "signup",
        await ctx.http.get("/sports/user/signup", { code, region: "浙江, 杭州", phone, email: `s${i}@bench.test` }),
        accepted,
      );
      return { userid: b.userid, session: b.client_session_id };
    },
  );
  return { cabinets: fleet, students: people };
}

export const fleetOf = (ctx) => ctx.memo("sports-fleet", () => prepareFleet(ctx, { key: "fleet", cabinets: 20, items: 6, students: 200 }));

export { accepted, slotList };
