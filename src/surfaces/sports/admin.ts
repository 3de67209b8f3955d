import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../env";
import { AppError } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { pageOf } from "../../platform/paging";
import { int, params, text } from "../../platform/params";
import { listAnomalies } from "./anomalies";
import { DEFAULT_SLOTS, DEVICE_ID_PATTERN, LIMITS, TAG_PATTERN } from "./cabinet-limits";
import { allDevices, cabinetOf, createDevice, findDevice, retireDevice, rotateSecret } from "./devices";
import { rentalsByState } from "./rentals";
import { placeItems, resizeCabinet } from "./stocking";

/** Operators' API for document 003 (mounted at /admin/sports): cabinets, their secrets and equipment, rentals. */
export const sportsAdmin = new Hono<AppEnv>();
const tags = ["operators"];
const security = [{ operatorToken: [] }];

const deviceIdParam = v.pipe(v.string(), v.regex(DEVICE_ID_PATTERN, "letters, digits, _ . - (at most 64)"));
const secretReply = v.object({ device_id: v.string(), secret: v.pipe(v.string(), v.description("HMAC key, shown this once")) });

sportsAdmin.post(
  "/devices",
  describe({
    tags,
    security,
    summary: "Provision a cabinet; the HMAC secret is returned this once only",
    responses: { 201: ["created", secretReply], 409: ["device_id already exists"] },
  }),
  params(
    v.object({
      device_id: deviceIdParam,
      name: text(LIMITS.deviceName),
      location: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.location))),
      slots: v.optional(int(1, LIMITS.slots), DEFAULT_SLOTS),
    }),
    "POST",
  ),
  async (c) => c.json(await createDevice(c.var.db, c.var.params), 201),
);

sportsAdmin.get(
  "/devices",
  describe({
    tags,
    security,
    summary: "Cabinets (retired ones included), without their secrets",
    responses: {
      200: [
        "devices",
        v.object({
          devices: v.array(
            v.object({
              id: v.string(),
              name: v.string(),
              location: v.string(),
              slots: v.number(),
              verification_codes: v.array(v.string()),
              last_seen_at: v.nullable(v.string()),
              retired_at: v.nullable(v.string()),
              secret_rotated_at: v.string(),
              created_at: v.string(),
            }),
          ),
        }),
      ],
    },
  }),
  async (c) => c.json({ devices: await allDevices(c.var.db) }),
);

sportsAdmin.get(
  "/devices/:device_id",
  describe({
    tags,
    security,
    summary: "A cabinet's live state from its Durable Object: slots and tags, codes, commands in flight",
    responses: {
      200: [
        "live state",
        v.object({
          device_id: v.string(),
          online: v.boolean(),
          last_poll_at: v.nullable(v.string()),
          codes: v.array(v.string()),
          slots: v.array(
            v.object({ slot: v.number(), tag: v.nullable(v.string()), name: v.nullable(v.string()), type: v.nullable(v.string()) }),
          ),
          commands: v.array(
            v.object({ command_id: v.string(), kind: v.picklist(["rent", "revert"]), slot: v.number(), expires_at: v.string() }),
          ),
        }),
      ],
      404: ["no such device"],
    },
  }),
  async (c) => {
    const id = c.req.param("device_id");
    if (!(await findDevice(c.var.db, id))) throw new AppError("not_found", `no device ${id}`);
    return c.json({ device_id: id, ...(await cabinetOf(c.env, id).inspect(id)) });
  },
);

const item = v.object({
  tag: v.pipe(v.string(), v.regex(TAG_PATTERN, "letters, digits, _ . - (at most 64)")),
  name: text(LIMITS.itemName),
  type: text(LIMITS.itemType),
  slot: int(1, LIMITS.slots),
});

sportsAdmin.post(
  "/devices/:device_id/items",
  describe({
    tags,
    security,
    summary: "Put tagged equipment into slots (creates the items or moves them here)",
    responses: {
      200: ["placed", v.object({ device_id: v.string(), items: v.array(item) })],
      400: ["invalid items"],
      404: ["no such device in service"],
      409: ["a slot has a door command in flight, or a tag is rented out"],
    },
  }),
  params(v.object({ items: v.pipe(v.array(item), v.minLength(1), v.maxLength(LIMITS.itemsAtOnce)) }), "POST"),
  async (c) => {
    const id = c.req.param("device_id");
    await placeItems(c.var.db, c.env, id, c.var.params.items);
    return c.json({ device_id: id, items: c.var.params.items });
  },
);

sportsAdmin.post(
  "/devices/:device_id/slots",
  describe({
    tags,
    security,
    summary: "Change a cabinet's slot count; a poll listing a slot beyond it is kept as an anomaly",
    responses: {
      200: ["changed", v.object({ device_id: v.string(), slots: v.number() })],
      404: ["no such device in service"],
      409: ["a slot to drop holds a tag or a door command in flight"],
    },
  }),
  params(v.object({ slots: int(1, LIMITS.slots) }), "POST"),
  async (c) => {
    const id = c.req.param("device_id");
    await resizeCabinet(c.var.db, c.env, id, c.var.params.slots);
    return c.json({ device_id: id, slots: c.var.params.slots });
  },
);

sportsAdmin.post(
  "/devices/:device_id/retire",
  describe({
    tags,
    security,
    summary: "Retire a cabinet: it leaves the device list and its signed requests get 401",
    responses: { 200: ["retired", v.object({ device_id: v.string(), retired: v.boolean() })], 404: ["no such device in service"] },
  }),
  async (c) => {
    const id = c.req.param("device_id");
    await retireDevice(c.var.db, c.env, id);
    return c.json({ device_id: id, retired: true });
  },
);

sportsAdmin.post(
  "/devices/:device_id/secret",
  describe({
    tags,
    security,
    summary: "Rotate a cabinet's HMAC secret; the new one is returned this once and the old one stops working",
    responses: { 200: ["rotated", secretReply], 404: ["no such device in service"] },
  }),
  async (c) => c.json(await rotateSecret(c.var.db, c.req.param("device_id"))),
);

const rental = v.object({
  rental_id: v.string(),
  userid: v.string(),
  phone: v.string(),
  tag: v.string(),
  name: v.string(),
  type: v.string(),
  device_id: v.string(),
  time_begin: v.string(),
  time_due: v.string(),
  time_end: v.nullable(v.string()),
  return_device_id: v.nullable(v.string()),
});

sportsAdmin.get(
  "/rentals",
  describe({
    tags,
    security,
    summary: "Rentals by state: active (out, not yet due), overdue (out, past due) or returned (newest first)",
    responses: { 200: ["rentals", v.object({ state: v.string(), rentals: v.array(rental) })] },
  }),
  params(
    v.object({ state: v.picklist(["active", "overdue", "returned"]), limit: v.optional(int(1, 100)), offset: v.optional(int(0)) }),
    "GET",
  ),
  async (c) => {
    const { state } = c.var.params;
    const page = pageOf(c.var.params.limit, c.var.params.offset, { defaultLimit: 50, maxLimit: 100 });
    return c.json({ state, rentals: await rentalsByState(c.var.db, state, page) });
  },
);

const anomaly = v.object({
  anomaly_id: v.string(),
  device_id: v.string(),
  kind: v.pipe(v.string(), v.description("report slot, rent tag, revert removed, wrong item, unknown slot, contradictory snapshot, ...")),
  command_id: v.nullable(v.string()),
  claimed: v.pipe(v.record(v.string(), v.unknown()), v.description("what the cabinet said")),
  expected: v.pipe(v.record(v.string(), v.unknown()), v.description("what was known")),
  time: v.string(),
});

sportsAdmin.get(
  "/anomalies",
  describe({
    tags,
    security,
    summary: "What cabinets claimed that did not match what was known (newest first)",
    description:
      "A report naming another slot or tag than its command's, a wrong item put back, a poll listing a slot the cabinet does not have: kept here, never thrown away.",
    responses: { 200: ["anomalies", v.object({ anomalies: v.array(anomaly) })] },
  }),
  params(v.object({ device_id: v.optional(deviceIdParam), limit: v.optional(int(1, 100)), offset: v.optional(int(0)) }), "GET"),
  async (c) => {
    const page = pageOf(c.var.params.limit, c.var.params.offset, { defaultLimit: 50, maxLimit: 100 });
    return c.json({ anomalies: await listAnomalies(c.var.db, page, c.var.params.device_id) });
  },
);
