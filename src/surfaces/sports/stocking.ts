import type { Bindings, Db } from "../../env";
import { AppError } from "../../platform/errors";
import type { PlacedItem, StockChange } from "./cabinet-rpc";
import { cabinetOf, liveDevice } from "./devices";

/**
 * The cabinet's refusal as an error: `code` is its reason, `detail` the slot or tag concerned,
 * for callers that word it themselves (the console); the message is the API's.
 */
function settle(change: StockChange) {
  if (!change.ok) throw new AppError("conflict", change.error, { code: change.reason, detail: change.subject });
}

const notInService = (deviceId: string) => new AppError("not_found", `no device ${deviceId} in service`, { code: "not in service" });

/**
 * Puts tagged items into a cabinet's slots (creating the items, or moving them here from wherever
 * they were). Each tag and slot once, every slot within the cabinet; the cabinet refuses a slot with
 * a door command in flight or a tag rented out.
 */
export async function placeItems(db: Db, env: Bindings, deviceId: string, items: PlacedItem[]) {
  const device = await liveDevice(db, deviceId);
  if (!device) throw notInService(deviceId);
  if (new Set(items.map((i) => i.slot)).size !== items.length || new Set(items.map((i) => i.tag)).size !== items.length) {
    throw new AppError("invalid_param", "each tag and each slot may appear once", { field: "items", code: "repeated" });
  }
  const over = items.find((i) => i.slot > device.slotCount);
  if (over) {
    throw new AppError("invalid_param", `slot ${over.slot} exceeds the cabinet's ${device.slotCount} slots`, {
      field: "items",
      code: "slot out of range",
      detail: String(over.slot),
    });
  }
  settle(await cabinetOf(env, deviceId).place(deviceId, items));
}

/** Changes a cabinet's slot count; the cabinet refuses dropping a slot that holds a tag or a door command. */
export async function resizeCabinet(db: Db, env: Bindings, deviceId: string, slots: number) {
  if (!(await liveDevice(db, deviceId))) throw notInService(deviceId);
  settle(await cabinetOf(env, deviceId).resize(deviceId, slots));
}
