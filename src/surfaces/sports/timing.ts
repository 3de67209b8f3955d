/** Timing rules of CONTRACT section 4 shared by the routes and the Cabinet object. */

/** A cabinet is online while it polled within this window. */
export const ONLINE_MS = 60_000;
/** Online by the last poll D1 knows of (mirrored by the Cabinet object, throttled). */
export const seenOnline = (lastSeenAt: number | null, now: number) => lastSeenAt !== null && lastSeenAt > now - ONLINE_MS;
/** Accepted distance between a cabinet's clock and ours. */
export const CLOCK_WINDOW_S = 300;
/** How soon a cabinet polling over HTTP should poll again. */
export const POLL_AFTER_MS = 1000;
/** Over a WebSocket commands are pushed, so polls only refresh the snapshot and keep the cabinet online. */
export const WS_POLL_AFTER_MS = 15_000;
/**
 * A rent that timed out unconfirmed holds its renter (no rent elsewhere)
 * until a report or the cabinet's next snapshot settles it, at most this
 * long: as long as a snapshot can still settle the command.
 */
export const UNCONFIRMED_HOLD_MS = 10 * 60_000;
