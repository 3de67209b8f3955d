/**
 * The surface's name, in one place: where it is mounted, the audience of its
 * sessions, the surface of its reminders and the prefix of their keys.
 */
export const SURFACE = "sports";

/** Where app.ts mounts the surface. */
export const PREFIX = `/${SURFACE}`;
