import { describe, expect, it } from "vitest";
import { applyPlan } from "../tools/import/apply";
import { InputError } from "../tools/import/plan";
import { planSports, type SportsExport } from "../tools/import/sports";
import authorizations from "./fixtures/import/inshare/authorizations.jsonl?raw";
import profiles from "./fixtures/import/inshare/profiles.json?raw";
import renteditems from "./fixtures/import/inshare/renteditems.jsonl?raw";
import types from "./fixtures/import/inshare/types.json?raw";
import users from "./fixtures/import/inshare/users.jsonl?raw";
import { getJson, wxCode } from "./helpers";
import { db, rowsIn } from "./import-helpers";

const ALICE = "a1b2c3d4-7a1e-11ea-bc55-0242ac130003";
const BOB = "b7c8d9e0-7c2f-11ea-bc55-0242ac130003";

const exported = (over: Partial<SportsExport["collections"]> = {}): SportsExport => ({
  collections: {
    authorizations: { file: "authorizations.json", text: authorizations },
    profiles: { file: "profiles.json", text: profiles },
    renteditems: { file: "renteditems.json", text: renteditems },
    users: { file: "users.json", text: users },
    ...over,
  },
  types: { file: "types.json", text: types },
});

async function login(openid: string) {
  const { body } = await getJson(`/sports/user/login?code=${await wxCode(openid, "wx-sports-demo")}`);
  expect(body.status).toBe("accepted");
  return body as { userid: string; client_session_id: string };
}

describe("003: inshare's mongoexport", () => {
  it("reads line and --jsonArray exports and says which rows stay behind and why", () => {
    const plan = planSports(exported());
    expect(plan.units.map((u) => u.entity)).toEqual(["user", "user", "device", "device", "rental", "rental"]);
    expect(plan.rejects.map((r) => [r.entity, r.line, r.reason])).toEqual([
      ["user", 3, "signed up with a username and password: Campus Edge signs sports users in with WeChat only"],
      ["rental", 2, "a rent the cabinet refused: nothing was lent"],
      ["rental", 4, "its user c0ffee00-7d3a-11ea-bc55-0242ac130003 is not imported"],
    ]);
    expect(plan.notes.join("\n")).toMatch(/e1000003.* still out with user b7c8d9e0.* collect the item/);
  });

  it("stops on a broken document, naming the file and line, before writing", () => {
    const broken = renteditems
      .split("\n")
      .map((l, i) => (i === 2 ? l.slice(0, 40) : l))
      .join("\n");
    expect(() => planSports(exported({ renteditems: { file: "renteditems.json", text: broken } }))).toThrow(InputError);
    expect(() => planSports(exported({ renteditems: { file: "renteditems.json", text: broken } }))).toThrow(
      /^renteditems\.json:3: not a mongoexport document/,
    );
  });

  it("after the import, a user's login, profile and history return what inshare held", async () => {
    await applyPlan(db, planSports(exported()));
    const alice = await login("o-inshare-alice");
    expect(alice.userid).toBe(ALICE);
    const profile = await getJson(`/sports/user/profile?${new URLSearchParams(alice)}`);
    expect(profile.body).toEqual({
      status: "accepted",
      userid: ALICE,
      region: "北京交通大学",
      phone: "13800000001",
      email: "alice@example.edu",
      profile: { uuid: ALICE, region: "北京交通大学", phone: "13800000001", email: "alice@example.edu" },
    });
    const history = await getJson(`/sports/user/history/page_length/10/page_id/0?${new URLSearchParams(alice)}`);
    expect(history.body).toEqual({
      status: "accepted",
      items: [{ time_begin: "2020-04-11T08:00:00.000Z", time_end: "2020-04-11T09:30:00.000Z", name: "篮球", device: "bjtu-east-1" }],
    });
    const bob = await login("o-inshare-bob");
    const bobs = await getJson(`/sports/user/history/page_length/10/page_id/0?${new URLSearchParams(bob)}`);
    expect(bobs.body.items).toEqual([
      { time_begin: "2020-04-13T10:00:00.000Z", time_end: expect.any(String), name: "器材7", device: "bjtu-west-2" },
    ]);
    // Nothing is still out in Campus Edge: Bob can rent again.
    expect((await getJson(`/sports/user/status?${new URLSearchParams(bob)}`)).body).toEqual({ status: "accepted", items: [], rented: [] });
    // The old cabinets are kept for the history, retired: the live list does not show them.
    const devices = (await getJson("/sports/device/list")).body.devices.map((d: { device_id: string }) => d.device_id);
    expect(devices).not.toContain("bjtu-east-1");
  });

  it("is safe to run again and keeps a profile changed in Campus Edge", async () => {
    const bob = await login("o-inshare-bob");
    expect(bob.userid).toBe(BOB);
    await getJson(`/sports/user/profile/update?${new URLSearchParams({ ...bob, phone: "13900000000" })}`);
    await applyPlan(db, planSports(exported()));
    expect([await rowsIn("sports_users"), await rowsIn("sports_rentals"), await rowsIn("sports_devices")]).toEqual([2, 2, 2]);
    const profile = await getJson(`/sports/user/profile?${new URLSearchParams(bob)}`);
    expect(profile.body.phone).toBe("13900000000");
  });
});
