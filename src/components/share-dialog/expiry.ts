import { MAX_PRESIGN_SECONDS } from '../../s3/link-rules';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** The stops of the "Expires in" slider: steps a person would choose, from 1 minute to SigV4's 7 days. */
export const EXPIRY_STOPS: readonly number[] = [
  ...[1, 2, 5, 10, 15, 20, 30, 45].map((m) => m * MINUTE),
  ...[1, 2, 3, 4, 6, 8, 12, 18].map((h) => h * HOUR),
  ...[1, 2, 3, 4, 5, 6, 7].map((d) => d * DAY),
];

export const DEFAULT_EXPIRY = HOUR;

/**
 * The stops up to `maxSeconds` (the credentials' remaining life, or 7 days). When the limit falls between two
 * stops it becomes the last stop itself, rounded down to the minute, so the longest possible link is reachable.
 */
export function expiryStops(maxSeconds = MAX_PRESIGN_SECONDS): number[] {
  const max = Math.min(Math.floor(maxSeconds), MAX_PRESIGN_SECONDS);
  if (max < MINUTE) return [Math.max(1, max)];
  const stops = EXPIRY_STOPS.filter((s) => s <= max);
  const lastMinute = Math.floor(max / MINUTE) * MINUTE;
  if (stops[stops.length - 1] !== lastMinute) stops.push(lastMinute);
  return stops;
}

/** The stop closest to `seconds` (by index into `stops`). */
export function nearestStop(stops: readonly number[], seconds: number): number {
  let best = 0;
  for (let i = 1; i < stops.length; i++) {
    if (Math.abs(stops[i] - seconds) < Math.abs(stops[best] - seconds)) best = i;
  }
  return best;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "1 minute", "45 minutes", "2 hours 13 minutes", "7 days": the largest two units that are not zero. */
export function formatDuration(seconds: number): string {
  if (seconds < MINUTE) return plural(Math.max(0, Math.floor(seconds)), 'second');
  const days = Math.floor(seconds / DAY);
  const hours = Math.floor((seconds % DAY) / HOUR);
  const minutes = Math.floor((seconds % HOUR) / MINUTE);
  const parts = [
    days && plural(days, 'day'),
    hours && plural(hours, 'hour'),
    minutes && plural(minutes, 'minute'),
  ].filter(Boolean);
  return parts.slice(0, 2).join(' ');
}

const expiryFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** The exact moment a link stops working, in this computer's time zone. */
export function formatExpiry(date: Date): string {
  return expiryFormat.format(date);
}
