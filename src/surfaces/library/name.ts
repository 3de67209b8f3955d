/**
 * The surface's name, in one place: where it is mounted, the audience of its
 * sessions and the surface of its reminders.
 */
export const SURFACE = "library";
