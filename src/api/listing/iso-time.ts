// The grammar of the iso8601 library behind oslo's timeutils.parse_isotime: a year alone,
// YYYY-MM, YYYY-MM-DD or YYYYMMDD, then optionally [ T]hh[[:]mm[[:]ss[.frac]]] and a zone.
const ISO8601 =
  /^([0-9]{4})(?:(?:-([0-9]{1,2})|([0-9]{2})(?!$))(?:(?:-([0-9]{1,2})|([0-9]{2}))(?:[ T]([0-9]{2})(?::?([0-9]{2}))?(?::?([0-9]{1,2})(?:[.,]([0-9]+))?)?(Z|([-+])([0-9]{2}):?([0-9]{2})?)?)?)?)?$/;

/**
 * Parses a timestamp as Nova's `changes-since` / `changes-before` and its `date-time`
 * format do; no zone means UTC. Returns epoch ms, or undefined where Python would raise.
 *
 * @example
 * parseIsoTime('2015-08-27T09:49:58-05:00'); // 1440686998000
 */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO8601.exec(text);
  if (!m) return undefined;
  const num = (s: string | undefined, fallback: number) => (s === undefined ? fallback : Number(s));
  const year = Number(m[1]);
  const month = num(m[2] ?? m[3], 1);
  const day = num(m[4] ?? m[5], 1);
  const hour = num(m[6], 0);
  const minute = num(m[7], 0);
  const second = num(m[8], 0);
  const micros = m[9] === undefined ? 0 : Math.floor(Number(`0.${m[9]}`) * 1e6);
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  if (day < 1 || day > daysIn(year, month)) return undefined;
  let offsetMin = 0;
  if (m[10] !== undefined && m[10] !== 'Z') {
    const zoneHours = Number(m[12]);
    const zoneMinutes = num(m[13], 0);
    if (zoneHours > 23 || zoneMinutes > 59) return undefined;
    offsetMin = (m[11] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime() + micros / 1000 - offsetMin * 60_000;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS[month - 1]!;
}
