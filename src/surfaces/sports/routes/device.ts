import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { requireUser, type StudentContext } from "../auth";
import { listDevices, liveDeviceQuery } from "../devices";
import { COMMON, doc, METHODS, type RouteText } from "../docs";
import { accepted } from "../envelope";
import type { SportsApp } from "../index";
import {
  heldQuery,
  latestOperationQuery,
  openRentalQuery,
  pendingQuery,
  presentOperation,
  tryRent,
  tryRevert,
  withOriginalNames,
} from "../renting";
import * as s from "../schemas";

export const rentText: RouteText = {
  summary: "Ask a cabinet to open a door on an item of a type",
  description:
    "Accepted once the door-open command is queued; follow it with latest_renting_or_reverting_status. One item per person across all cabinets; an overdue renter cannot rent until the item is back. operation unconfirmed: the person's last rent timed out and its cabinet has not yet shown whether the item left.",
  reply: s.operationReply,
  errors: [
    ...COMMON,
    "invalid device_id",
    "phone required",
    "already renting",
    "operation unconfirmed",
    "invalid verification code",
    "device offline",
    "no item available",
  ],
};

/** try_to_rent, at /device/try_to_rent and the original server's /user/try_to_rent. */
export async function rent(c: StudentContext<v.InferOutput<typeof s.rentParams>>) {
  const { db, params: p } = c.var;
  const [me, [device], [rental], [pending], held] = await callerAnd(
    c,
    liveDeviceQuery(db, p.device_id),
    openRentalQuery(db, p.userid),
    pendingQuery(db, p.userid),
    heldQuery(db, p.userid, p.device_id, Date.now()),
  );
  const renter = { me, device, rental, pending, held: held.length > 0 };
  return accepted(c, { operation_id: await tryRent(db, c.env, renter, p) });
}

export const revertText: RouteText = {
  summary: "Ask a cabinet to open an empty slot to put the rented item back",
  reply: s.operationReply,
  errors: [
    ...COMMON,
    "invalid device_id",
    "not renting",
    "invalid verification code",
    "device offline",
    "no empty slot",
    "operation pending",
  ],
};

/** try_to_revert, at /device/try_to_revert and the original server's /user/try_to_revert. */
export async function revert(c: StudentContext<v.InferOutput<typeof s.revertParams>>) {
  const { db, params: p } = c.var;
  const [me, [device], [rental], [pending]] = await callerAnd(
    c,
    liveDeviceQuery(db, p.device_id),
    openRentalQuery(db, p.userid),
    pendingQuery(db, p.userid),
  );
  const renter = { me, device, rental, pending, held: false };
  return accepted(c, { operation_id: await tryRevert(db, c.env, renter, p) });
}

export const latestText: RouteText = {
  summary: "The user's latest rent or revert and its outcome (operation null when none)",
  description:
    "state pending until the cabinet reports; failed with reason not taken, wrong item, door jammed or timeout (30 s). A late report still wins.",
  reply: s.latestReply,
  errors: COMMON,
};

/**
 * latest_renting_or_reverting_status, at its documented path and (`names` "original": the reply also under
 * that server's names) the original server's /user/... ones.
 */
export const latest = (names: "document" | "original") => async (c: StudentContext<v.InferOutput<typeof s.authParams>>) => {
  const [, [row]] = await callerAnd(c, latestOperationQuery(c.var.db, c.var.params.userid));
  const operation = presentOperation(row);
  return accepted(c, names === "original" ? withOriginalNames(operation) : { operation });
};

/** /device/...: the cabinets, and renting from and returning to one. */
export function deviceRoutes(app: SportsApp) {
  app.on(
    METHODS,
    "/device/list",
    doc({
      summary: "Cabinets with online state, the codes they show and items available per type (no session needed)",
      description:
        "Each cabinet also carries the original server's names for its fields: deviceID (device_id), captchas (verification_codes) and instruments (items).",
      reply: s.deviceListReply,
      errors: [],
    }),
    params(v.object({}), "GET"),
    async (c) => accepted(c, { devices: await listDevices(c.var.db) }),
  );

  app.on(METHODS, "/device/try_to_rent", doc(rentText), params(s.rentParams, "GET"), requireUser, rent);

  app.on(METHODS, "/device/try_to_revert", doc(revertText), params(s.revertParams, "GET"), requireUser, revert);

  app.on(
    METHODS,
    "/device/latest_renting_or_reverting_status",
    doc(latestText),
    params(s.authParams, "GET"),
    requireUser,
    latest("document"),
  );
}
