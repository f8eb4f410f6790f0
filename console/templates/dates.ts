/** Dates as a person reads them: in their own time zone, with the zone named. */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = formats.get(key);
  if (!f) {
    const day = { day: 'numeric', month: 'short', year: 'numeric', timeZone } as const;
    f = new Intl.DateTimeFormat('en-GB', withTime ? { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : day);
    formats.set(key, f);
  }
  return f;
}

/** Whether the name is a time zone this runtime knows, e.g. Europe/Berlin. */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const dateTime = (iso: string, timeZone: string) => format(timeZone, true).format(new Date(iso));
export const dateOnly = (iso: string, timeZone: string) => format(timeZone, false).format(new Date(iso));

/** The offset of a zone from UTC at an instant, in minutes (Europe/Berlin in summer: 120). */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** The instant a calendar day (YYYY-MM-DD) ends in a time zone: the start of the next day there. */
export function endOfDay(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const nextMidnightUtc = Date.UTC(y, m - 1, d + 1);
  // The zone's offset near that midnight; read twice, so a change of offset that night is met.
  const first = offsetMinutes(new Date(nextMidnightUtc), timeZone);
  const offset = offsetMinutes(new Date(nextMidnightUtc - first * 60_000), timeZone);
  return new Date(nextMidnightUtc - offset * 60_000).toISOString();
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function today(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
