const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Human size in binary units ("1.5 MiB"); exact bytes go in a tooltip via `formatExactBytes`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

// One formatter: toLocaleString makes a new one per call, which adds up over a folder of many keys.
const exactBytes = new Intl.NumberFormat('en-US');

export function formatExactBytes(bytes: number): string {
  return `${exactBytes.format(bytes)} bytes`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Texts of the minutes formatted lately: a folder's keys often share their minute, and formatting is slow. */
const minuteTexts = new Map<number, string>();
const MINUTE = 60_000;

/** A date, or milliseconds since the epoch (as listings keep them). */
export function formatDateTime(date: Date | number | undefined): string {
  if (date === undefined) return '—';
  // Shown to the minute, and every time zone's offset is whole minutes: one text per minute.
  const minute = Math.floor(Number(date) / MINUTE);
  let text = minuteTexts.get(minute);
  if (text === undefined) {
    if (minuteTexts.size >= 1000) minuteTexts.clear();
    text = dateTime.format(minute * MINUTE);
    minuteTexts.set(minute, text);
  }
  return text;
}

/** The exact time, for a tooltip. */
export function formatIsoDateTime(date: Date | number | undefined): string | undefined {
  return date === undefined ? undefined : new Date(date).toISOString();
}

/** The last path segment of a key or prefix, as a file manager names it ("docs/" -> "docs/", "a/b.txt" -> "b.txt"). */
export function nameUnder(prefix: string, key: string): string {
  return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}
