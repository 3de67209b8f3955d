import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getJson } from "./helpers";
import { ageSlots, onlineCabinet, poll, q, rentAndTake, sealed, send, signup, uniq } from "./sports-helpers";

/** A cabinet's word is checked: fresh requests only, reports against what is known, an inventory that heals. */

const ball = (slot: number, tag = uniq("T")) => ({ tag, name: `篮球${slot}`, type: "篮球", slot });
const status = async (s: { userid: string; client_session_id: string }) => (await getJson(`/sports/user/status?${q(s)}`)).body.items;
const item = (tag: string) => env.DB.prepare("SELECT device_id, slot FROM sports_items WHERE tag = ?").bind(tag).first<any>();

describe("fresh requests only", () => {
  it("refuse a captured poll sent again after a rent with 409: the rental stays open, the item rented", async () => {
    const tag = uniq("T");
    const cab = await onlineCabinet([ball(1, tag)], 2);
    const captured = await sealed(cab, "/sports/cabinet/poll", {
      slots: [
        { slot: 1, tag },
        { slot: 2, tag: null },
      ],
    });
    expect((await send(captured)).status).toBe(200);
    const s = await signup();
    await rentAndTake(s, cab, "篮球");
    await ageSlots(cab.deviceId);

    expect(await send(captured)).toEqual({ status: 409, body: { ok: false, error: expect.stringMatching(/replayed/) } });
    expect(await status(s)).toHaveLength(1);
    expect(await item(tag)).toEqual({ device_id: null, slot: null });
    // The next honest poll finds the slot empty: nothing to mend, the rental holds.
    await poll(cab, [
      { slot: 1, tag: null },
      { slot: 2, tag: null },
    ]);
    expect(await status(s)).toHaveLength(1);
  });

  it("refuse a genuine snapshot delayed past a report applied after it was signed", async () => {
    const tag = uniq("T");
    const cab = await onlineCabinet([ball(1, tag)], 2);
    const s = await signup();
    const delayed = await sealed(
      cab,
      "/sports/cabinet/poll",
      {
        slots: [
          { slot: 1, tag },
          { slot: 2, tag: null },
        ],
      },
      Math.floor(Date.now() / 1000) - 6,
    );
    await rentAndTake(s, cab, "篮球");
    await ageSlots(cab.deviceId);
    expect(await send(delayed)).toEqual({ status: 409, body: { ok: false, error: expect.stringMatching(/stale snapshot/) } });
    expect(await status(s)).toHaveLength(1);
    expect(await item(tag)).toEqual({ device_id: null, slot: null });
  });

  it("accept the same snapshot signed afresh, and one signature only once", async () => {
    const cab = await onlineCabinet([ball(1)], 2);
    const body = { slots: [{ slot: 2, tag: null }] };
    expect((await send(await sealed(cab, "/sports/cabinet/poll", body))).status).toBe(200);
    const again = await sealed(cab, "/sports/cabinet/poll", body);
    expect((await send(again)).status).toBe(200);
    expect((await send(again)).status).toBe(409);
  });
});
