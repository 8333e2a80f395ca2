import type { Tag } from '@aws-sdk/client-s3';
import type { StoredHeaders } from './copy/source-object';
import { keyBytes } from './copy/keys';

/**
 * What S3 accepts as an object's headers, user metadata and tags: checked as the person types and again before any
 * request, so a refusal names the field instead of coming back as a bare 400. Pure, so the editors may use it.
 */

/** S3's limits: user metadata at most 2 KB (names and values), 10 tags, keys of 128 and values of 256 chars. */
export const MAX_METADATA_BYTES = 2048;
export const MAX_TAGS = 10;
export const MAX_TAG_KEY = 128;
export const MAX_TAG_VALUE = 256;

/** HTTP header-name characters; S3 stores metadata names lower-cased. */
const METADATA_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

const ONE_LINE = 'Header values must fit on one line.';

/** What is wrong with these headers, in words, before any request; empty when they can be saved. */
export function headerProblems(headers: StoredHeaders): string[] {
  const problems: string[] = [];
  let bytes = 0;
  for (const [name, value] of Object.entries(headers.metadata)) {
    if (!METADATA_NAME.test(name)) {
      problems.push(`Metadata name "${name}" may hold only lower-case letters, digits and - _ . characters.`);
    }
    bytes += keyBytes(name) + keyBytes(value);
  }
  if (bytes > MAX_METADATA_BYTES) {
    problems.push(`User metadata is ${bytes} bytes; S3 allows ${MAX_METADATA_BYTES}.`);
  }
  const text = [
    headers.contentType,
    headers.cacheControl,
    headers.contentDisposition,
    headers.contentEncoding,
    ...Object.values(headers.metadata),
  ];
  if (text.some((value) => value !== undefined && /[\r\n]/.test(value))) problems.push(ONE_LINE);
  return problems;
}

/** What is wrong with these tags (RGW accepts duplicate keys, so the app checks). */
export function tagProblems(tags: readonly Tag[]): string[] {
  const problems: string[] = [];
  if (tags.length > MAX_TAGS) problems.push(`${tags.length} tags; S3 allows ${MAX_TAGS}.`);
  const seen = new Set<string>();
  for (const { Key = '', Value = '' } of tags) {
    if (!Key) problems.push('A tag needs a key.');
    if ([...Key].length > MAX_TAG_KEY)
      problems.push(`Tag key "${Key.slice(0, 20)}…" is over ${MAX_TAG_KEY} characters.`);
    if ([...Value].length > MAX_TAG_VALUE)
      problems.push(`The value of tag "${Key}" is over ${MAX_TAG_VALUE} characters.`);
    if (seen.has(Key)) problems.push(`Tag "${Key}" appears twice.`);
    seen.add(Key);
  }
  return problems;
}

/** One editable row: a metadata name (without `x-amz-meta-`) or a tag key, and its value. */
export interface HeaderRow {
  name: string;
  value: string;
}

/** Each row's problem (or undefined), to show beside that row while the person types. */
export function metadataRowProblems(rows: readonly HeaderRow[]): Array<string | undefined> {
  return rows.map((row, index) => {
    if (!row.name) return 'Type a name, or remove the row.';
    if (rows.findIndex((other) => other.name === row.name) < index) return `"${row.name}" appears twice.`;
    return headerProblems({ metadata: { [row.name]: row.value } }).find(
      (problem) => !problem.startsWith('User metadata is'),
    );
  });
}

export function tagRowProblems(rows: readonly HeaderRow[]): Array<string | undefined> {
  return rows.map((row, index) => {
    if (rows.findIndex((other) => other.name === row.name) < index) return `Tag "${row.name}" appears twice.`;
    return tagProblems([{ Key: row.name, Value: row.value }])[0];
  });
}

export function rowsOf(record: Record<string, string>): HeaderRow[] {
  return Object.entries(record).map(([name, value]) => ({ name, value }));
}

export function recordOf(rows: readonly HeaderRow[]): Record<string, string> {
  return Object.fromEntries(rows.map((row) => [row.name, row.value]));
}
