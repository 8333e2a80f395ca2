import type { ObjectEntry } from '../objects';
import { globToRegExp } from './glob';

export type SearchMode = 'contains' | 'glob' | 'regex';
export const SEARCH_MODES: readonly SearchMode[] = ['contains', 'glob', 'regex'];

/** What the user asked for, as written in the URL (sizes in bytes, dates as YYYY-MM-DD in UTC). */
export interface SearchQuery {
  text: string;
  mode: SearchMode;
  /** Larger than this many bytes. */
  over?: number;
  /** Smaller than this many bytes. */
  under?: number;
  /** Last modified on or after this day (UTC). */
  after?: string;
  /** Last modified before this day (UTC). */
  before?: string;
  storageClass?: string;
}

/** A compiled search: `test` is called for every key scanned, so it does no more than it must. */
export type SearchMatcher = (entry: ObjectEntry) => boolean;

/**
 * `test` tells whether an entry matches; `testKey` whether its key alone may (false: `test` is false too), so
 * a scan reads the whole entry of the few keys that pass it only.
 */
export interface CompiledMatcher {
  test: SearchMatcher;
  testKey: (key: string) => boolean;
}

export type CompiledSearch = ({ ok: true } & CompiledMatcher) | { ok: false; message: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Compiles a query for the keys below `prefix`. Patterns apply to the decoded key's path below the searched folder
 * (at the bucket's top, the whole key): "contains" ignores case, a glob and a regular expression do not. Returns a message instead of throwing for anything the user can fix.
 */
export function compileSearch(query: SearchQuery, prefix: string): CompiledSearch {
  const pathTest = compilePattern(query);
  if (typeof pathTest === 'string') return { ok: false, message: pathTest };
  const { over, under, storageClass } = query;
  if (over !== undefined && under !== undefined && over + 1 >= under)
    return { ok: false, message: `No size is over ${over} bytes and under ${under} bytes.` };
  const after = query.after ? dayStart(query.after) : undefined;
  const before = query.before ? dayStart(query.before) : undefined;
  if (Number.isNaN(after)) return { ok: false, message: `“${query.after}” is not a date (YYYY-MM-DD).` };
  if (Number.isNaN(before)) return { ok: false, message: `“${query.before}” is not a date (YYYY-MM-DD).` };
  if (after !== undefined && before !== undefined && after >= before)
    return { ok: false, message: 'The “modified after” day must come before the “modified before” day.' };
  const checks: SearchMatcher[] = [];
  if (over !== undefined) checks.push((e) => e.size > over);
  if (under !== undefined) checks.push((e) => e.size < under);
  if (after !== undefined) checks.push((e) => e.lastModified !== undefined && e.lastModified >= after);
  if (before !== undefined) checks.push((e) => e.lastModified !== undefined && e.lastModified < before);
  if (storageClass) checks.push((e) => (e.storageClass || 'STANDARD') === storageClass);
  const cut = prefix.length;
  const testKey = pathTest ? (key: string) => pathTest(key.slice(cut)) : () => true;
  if (pathTest) checks.unshift((e) => testKey(e.key));
  return { ok: true, test: (entry) => checks.every((check) => check(entry)), testKey };
}

/** The path test, undefined when there is no text, or the message for a pattern that cannot work. */
function compilePattern(query: SearchQuery): ((path: string) => boolean) | undefined | string {
  const { text, mode } = query;
  if (!text) return undefined;
  if (mode === 'contains') {
    const needle = text.toLowerCase();
    return (path) => path.toLowerCase().includes(needle);
  }
  if (mode === 'glob') {
    const regex = globToRegExp(text);
    return (path) => regex.test(path);
  }
  try {
    const regex = new RegExp(text, 'su');
    return (path) => regex.test(path);
  } catch (error) {
    // V8 says "Invalid regular expression: /<pattern>/<flags>: <reason>"; the reason is the useful part.
    const message = error instanceof Error ? error.message : '';
    const reason = /: \/.*\/[a-z]*: (.+)$/s.exec(message)?.[1] ?? message;
    return `This regular expression is not valid (${reason.toLowerCase()}). Fix it, or search by “name contains”.`;
  }
}

/** Midnight UTC of a YYYY-MM-DD day, NaN for anything else. */
function dayStart(day: string): number {
  return DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
}

/** Whether a query asks for anything: a pattern or at least one filter. */
export function isSearching(query: SearchQuery): boolean {
  return (
    !!query.text ||
    query.over !== undefined ||
    query.under !== undefined ||
    !!query.after ||
    !!query.before ||
    !!query.storageClass
  );
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$/i;
const UNIT_POWER: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };

/**
 * A size as a person types it ("500", "10 KB", "1.5 GiB", "2g"), in bytes; units are binary (1 KB = 1024 bytes,
 * as the table shows sizes). Undefined for an empty field, NaN for anything unreadable.
 */
export function parseSize(text: string): number | undefined {
  if (!text.trim()) return undefined;
  const match = SIZE.exec(text);
  if (!match) return NaN;
  return Math.round(Number(match[1]) * 1024 ** UNIT_POWER[match[2].toLowerCase()]);
}
