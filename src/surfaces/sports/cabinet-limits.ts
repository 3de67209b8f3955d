/** What operators may give a cabinet and its items: checked alike by the operators' API and the console. */

/** A cabinet's device_id, and an item's tag: letters, digits, _ . - (at most 64). */
export const DEVICE_ID_PATTERN = /^[\w.-]{1,64}$/;
export const TAG_PATTERN = /^[\w.-]{1,64}$/;

export const LIMITS = {
  deviceName: 64,
  location: 128,
  itemName: 64,
  itemType: 32,
  /** Slots of one cabinet. */
  slots: 200,
  /** Items placed by one request. */
  itemsAtOnce: 50,
} as const;

/** Slots of a new cabinet when none are given. */
export const DEFAULT_SLOTS = 8;
