/** Time formats the documents use. All take epoch milliseconds. */

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Parses "+08:00" / "-05:30" into minutes. */
export function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim());
  if (!m) return 0;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -mins : mins;
}

function shifted(ms: number, offset: string): Date {
  return new Date(ms + offsetMinutes(offset) * 60_000);
}

/** `YYYY-MM-DD HH:mm:ss` in the given UTC offset (documents 002 and 000). */
export function formatDateTime(ms: number, offset = "+08:00"): string {
  const d = shifted(ms, offset);
  return `${formatDate(ms, offset)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `YYYY-MM-DD` in the given UTC offset (document 000's %Y-%m-%d). */
export function formatDate(ms: number, offset = "+08:00"): string {
  const d = shifted(ms, offset);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `yyyy-MM-ddTHH:mm:ss.sssZ` (documents 003 and 001). */
export const formatIso = (ms: number) => new Date(ms).toISOString();

/** Parses `YYYY-MM-DD[ HH:mm[:ss]]` read in the given offset; null when malformed. */
export function parseLocal(text: string, offset = "+08:00"): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h = "0", mi = "0", s = "0"] = m.slice(1);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(utc);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return null;
  return utc - offsetMinutes(offset) * 60_000;
}
