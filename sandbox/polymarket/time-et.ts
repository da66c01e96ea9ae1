/**
 * US Eastern time for market titles and slugs: Polymarket names its crypto windows in ET
 * ("November 25, 3PM ET"), and the daily "above" markets settle at 12:00 ET (noon).
 */
const ET = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/New_York",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});

export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;

export type EtParts = { year: number; month: number; day: number; hour: number; minute: number };

/** The ET wall-clock date and time of an instant (month 1–12). */
export function etParts(ms: number): EtParts {
  const parts: Record<string, number> = {};
  for (const part of ET.formatToParts(new Date(ms))) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

/** The instant (ms) at which ET wall-clock time reads the given date and time. */
export function etWallToUtc(year: number, month: number, day: number, hour: number, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall + 5 * 3_600_000;
  for (let i = 0; i < 3; i++) {
    const p = etParts(guess);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    if (seen === wall) break;
    guess += wall - seen;
  }
  return guess;
}

/** The calendar date `days` away from the given one. */
export function shiftDate(year: number, month: number, day: number, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** "3PM", "12AM". */
export function hourLabel(hour: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${hour < 12 ? "AM" : "PM"}`;
}

/** "7:00AM", "12:15PM". */
export function clockLabel(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minute).padStart(2, "0")}${hour < 12 ? "AM" : "PM"}`;
}

/** "November 25". */
export function dateLabel(p: { month: number; day: number }): string {
  return `${MONTHS[p.month - 1]} ${p.day}`;
}

/** ISO-8601 without milliseconds, as Gamma writes dates: 2026-11-25T12:15:00Z. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
