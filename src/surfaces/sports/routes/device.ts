import * as v from "valibot";
import { callerAnd } from "../../../platform/caller";
import { params } from "../../../platform/params";
import { requireUser } from "../auth";
import { listDevices, liveDeviceQuery } from "../devices";
import { COMMON, doc, METHODS } from "../docs";
import { accepted } from "../envelope";
import type { SportsApp } from "../index";
import { heldQuery, latestOperationQuery, openRentalQuery, pendingQuery, presentOperation, tryRent, tryRevert } from "../renting";
import * as s from "../schemas";

/** /device/...: the cabinets, and renting from and returning to one. */
export function deviceRoutes(app: SportsApp) {
  app.on(
    METHODS,
    "/device/list",
    doc({
      summary: "Cabinets with online state, the codes they show and items available per type (no session needed)",
      reply: s.deviceListReply,
      errors: [],
    }),
    params(v.object({}), "GET"),
    async (c) => accepted(c, { devices: await listDevices(c.var.db) }),
  );

  app.on(
    METHODS,
    "/device/try_to_rent",
    doc({
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
    }),
    params(s.rentParams, "GET"),
    requireUser,
    async (c) => {
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
    },
  );

  app.on(
    METHODS,
    "/device/try_to_revert",
    doc({
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
    }),
    params(s.revertParams, "GET"),
    requireUser,
    async (c) => {
      const { db, params: p } = c.var;
      const [me, [device], [rental], [pending]] = await callerAnd(
        c,
        liveDeviceQuery(db, p.device_id),
        openRentalQuery(db, p.userid),
        pendingQuery(db, p.userid),
      );
      const renter = { me, device, rental, pending, held: false };
      return accepted(c, { operation_id: await tryRevert(db, c.env, renter, p) });
    },
  );

  app.on(
    METHODS,
    "/device/latest_renting_or_reverting_status",
    doc({
      summary: "The user's latest rent or revert and its outcome (operation null when none)",
      description:
        "state pending until the cabinet reports; failed with reason not taken, wrong item, door jammed or timeout (30 s). A late report still wins.",
      reply: s.latestReply,
      errors: COMMON,
    }),
    params(s.authParams, "GET"),
    requireUser,
    async (c) => {
      const [, [latest]] = await callerAnd(c, latestOperationQuery(c.var.db, c.var.params.userid));
      return accepted(c, { operation: presentOperation(latest) });
    },
  );
}
