import { refuse } from "./envelope";
import type { LibraryCredential, LibrarySystem } from "./system";

export const HOLD_CANCEL_ERROR = "HOLD_CANCEL_ERROR";

/** A hold as the client names it, its numbers possibly without Aleph's leading zeros. */
export interface HoldRef {
  doc_number: string;
  item_sequence: string;
  sequence: string;
}

/** Cancels a hold only when it is among the patron's own (status 6 `HOLD_CANCEL_ERROR` otherwise). */
export async function cancelOwnHold(sys: LibrarySystem, cred: LibraryCredential, hold: HoldRef) {
  const target = {
    docNumber: hold.doc_number.padStart(9, "0"),
    itemSequence: hold.item_sequence.padStart(6, "0"),
    sequence: hold.sequence.padStart(4, "0"),
  };
  const mine = await sys.holds(cred);
  const owned = mine.some(
    (h) => h.doc_number === target.docNumber && h.item_sequence === target.itemSequence && h.sequence === target.sequence,
  );
  if (!owned) throw refuse(HOLD_CANCEL_ERROR, "预约记录不存在");
  await sys.cancelHold(cred, target);
}
