import { formatDateTime, offsetMinutes } from "../../platform/time";

/**
 * Times of the message board. Replies carry `YYYY-MM-DD HH:mm:ss` in campus time: .NET's DateTime.Parse (the
 * desktop client) and `SimpleDateFormat("yyyy-MM-dd HH:mm:ss")` (the Android client's TimeUtil) both read it.
 *
 * The desktop client sends back `DateTime.ToString()` of what it parsed, in the culture of its Windows:
 * `2026/9/7 8:05:09` (zh-CN), `9/7/2026 8:05:09 AM` (en-US), `07/09/2026 08:05:09` (en-GB), and before its
 * first reply `0001/1/1 0:00:00`. `parseClientTime` reads all of these (a year last is month first unless the
 * first number cannot be a month or the date is written with dots, as de-DE and ru-RU write `07.09.2026`), with
 * 上午/下午 or AM/PM, as campus time unless a zone is written.
 */
export const formatBoardTime = (ms: number, offset: string) => formatDateTime(ms, offset);

const CLOCK = String.raw`(?:(上午|下午|AM|PM)\s*)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d{1,7})?)?\s*(上午|下午|AM|PM)?`;
const ZONE = String.raw`\s*(Z|[+-]\d{2}:?\d{2})?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:\s+|T)${CLOCK})?${ZONE}$`, "i");
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:\s+${CLOCK})?${ZONE}$`, "i");

function zoneMinutes(zone: string | undefined, offset: string): number {
  if (!zone) return offsetMinutes(offset);
  if (zone.toUpperCase() === "Z") return 0;
  return offsetMinutes(zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`);
}

function hour24(hour: number, half: string | undefined): number | null {
  if (!half) return hour <= 23 ? hour : null;
  if (hour < 1 || hour > 12) return null;
  const pm = half === "下午" || half.toUpperCase() === "PM";
  return (hour % 12) + (pm ? 12 : 0);
}

/** Epoch milliseconds of a time the clients send (see above; before 1970 is 0); null when it is not a time. */
export function parseClientTime(text: string, offset: string): number | null {
  const s = text.trim();
  let year: number;
  let month: number;
  let day: number;
  let clock: (string | undefined)[];
  let m = YEAR_FIRST.exec(s);
  if (m) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    clock = m.slice(4);
  } else {
    m = YEAR_LAST.exec(s);
    if (!m) return null;
    const [a, b] = [Number(m[1]), Number(m[3])];
    [month, day] = a > 12 || m[2] === "." ? [b, a] : [a, b];
    year = Number(m[4]);
    clock = m.slice(5);
  }
  const [before, h = "0", mi = "0", sec = "0", after, zone] = clock;
  if (before && after) return null;
  const hour = hour24(Number(h), before ?? after);
  if (hour === null || Number(mi) > 59 || Number(sec) > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  date.setUTCHours(hour, Number(mi), Number(sec), 0);
  return Math.max(0, date.getTime() - zoneMinutes(zone, offset) * 60_000);
}
