/**
 * Times as the originals stored them, to epoch milliseconds. Django with USE_TZ = False and MySQL
 * DATETIME columns keep wall-clock times without an offset: the original's TIME_ZONE gives it.
 */
const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `2020-03-26 11:34:29.123456` (wall clock at `offset`, or carrying its own offset) -> ms; null when not a time. */
export function wallTime(text: string, offset: string): number | null {
  const m = WALL.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", own] = m;
  const zone = own === "Z" ? "+00:00" : own ? `${own.slice(0, 3)}:${own.slice(-2)}` : offset;
  const ms = frac ? `.${frac.padEnd(3, "0").slice(0, 3)}` : "";
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${zone}`);
  return Number.isNaN(t) ? null : t;
}

/** `2017-11-10` kept as the `YYYY-MM-DD` text Campus Edge stores dates as; null when not a date. */
export function dateText(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T].*)?$/.exec(text.trim());
  return m && !Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) ? m[1] : null;
}
