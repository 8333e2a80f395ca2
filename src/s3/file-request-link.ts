import { MAX_KEY_BYTES } from './key-limits';
import { GiB } from './upload/part-plan';
import type { ContentTypeRule } from './upload/post-policy';

/**
 * A file request: a link that lets someone without keys drop files into one folder of a bucket. The link is
 * `<app>/drop/#<payload>`; the payload rides in the URL fragment, which browsers never send to a server, so the
 * app's server and its logs never see it. It holds a signed POST policy (the same as the app's own form uploads,
 * see upload/post-policy.ts), never a secret: what a link allows is what RGW enforces from that policy.
 *
 * The limits the drop page shows (bucket, folder, expiry, size, types) are read from the signed policy itself, not
 * from separate fields, so the page can never promise what the endpoint would refuse. Pure code: the drop page
 * (no SDK) and the app's dialog both use it.
 */
export interface FileRequest {
  /** The bucket's URL on the endpoint: where the form posts. */
  url: string;
  /** The signed policy's form fields (X-Amz-*, Policy). */
  fields: Record<string, string>;
  /** Shown to the uploader; the owner's words, not signed. */
  label: string;
  /** Each visit of the drop page writes under a fresh `<date>-<random>/` folder. */
  sessionFolders: boolean;
  /** Read from the policy: */
  bucket: string;
  prefix: string;
  expiresAt: number;
  maxBytes: number;
  contentType: ContentTypeRule;
}

/** What the link carries besides the policy's own conditions. */
export type FileRequestPayload = Pick<FileRequest, 'url' | 'fields' | 'label' | 'sessionFolders'>;

/** S3 takes at most 5 GiB in one request; a form POST cannot be split into parts. */
export const MAX_POST_BYTES = 5 * GiB;
export const MAX_LABEL_LENGTH = 200;
/** Far above a real link (about 2 KB), far below what could slow the page. */
export const MAX_FRAGMENT_LENGTH = 16_000;
const VERSION = 1;
const REQUIRED_FIELDS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'Policy', 'X-Amz-Signature'];
const OPTIONAL_FIELDS = ['X-Amz-Security-Token'];

/** The owner's choices of types. One rule each: a policy has one condition on Content-Type. */
export const TYPE_CHOICES = [
  { id: 'any', label: 'Any type', rule: { startsWith: '' } },
  { id: 'images', label: 'Images only', rule: { startsWith: 'image/' } },
  { id: 'pdf', label: 'PDF documents only', rule: { equals: 'application/pdf' } },
] as const satisfies ReadonlyArray<{ id: string; label: string; rule: ContentTypeRule }>;
export type TypeChoice = (typeof TYPE_CHOICES)[number]['id'];

export function fileRequestUrl(appOrigin: string, payload: FileRequestPayload): string {
  return `${appOrigin}/drop/#${encodeFileRequest(payload)}`;
}

export function encodeFileRequest(payload: FileRequestPayload): string {
  const { url, fields, label, sessionFolders } = payload;
  return base64UrlEncode(JSON.stringify({ v: VERSION, url, fields, label, sessionFolders }));
}

export type DecodedFileRequest = { ok: true; request: FileRequest } | { ok: false; problem: string };

/** Reads a link's fragment (with or without its `#`). Never throws: whatever is wrong becomes `problem`. */
export function decodeFileRequest(fragment: string): DecodedFileRequest {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!text) return damaged('it has no upload details after its “#”');
  if (text.length > MAX_FRAGMENT_LENGTH) return damaged('it is far longer than any upload link');
  const json = base64UrlDecode(text);
  if (json === undefined) return damaged('its upload details are not readable');
  const payload = parseJson(json);
  if (!isRecord(payload) || payload.v !== VERSION) return damaged('its upload details are not readable');
  const { url, fields, label, sessionFolders } = payload;
  if (typeof url !== 'string' || !isHttpUrl(url)) return damaged('it names no valid storage address');
  if (typeof label !== 'string' || label.length > MAX_LABEL_LENGTH)
    return damaged('its label is not readable');
  if (typeof sessionFolders !== 'boolean') return damaged('its upload details are incomplete');
  if (!isFieldSet(fields)) return damaged('its signature fields are incomplete');
  const terms = readPolicy(fields.Policy);
  if (!terms) return damaged('its signed policy is not readable');
  return { ok: true, request: { url, fields, label, sessionFolders, ...terms } };
}

const damaged = (why: string): DecodedFileRequest => ({ ok: false, problem: why });

/** The conditions this app signs (see signPostPolicy): bucket, key prefix, Content-Type, size, expiry. */
function readPolicy(policy: string): Omit<FileRequest, keyof FileRequestPayload> | undefined {
  const json = base64Decode(policy);
  const document = json === undefined ? undefined : parseJson(json);
  if (!isRecord(document) || typeof document.expiration !== 'string') return undefined;
  const expiresAt = Date.parse(document.expiration);
  const conditions = document.conditions;
  if (!Number.isFinite(expiresAt) || !Array.isArray(conditions)) return undefined;
  let bucket: string | undefined;
  let prefix: string | undefined;
  let maxBytes: number | undefined;
  let contentType: ContentTypeRule | undefined;
  for (const condition of conditions) {
    if (isRecord(condition) && typeof condition.bucket === 'string') bucket = condition.bucket;
    if (!Array.isArray(condition) || condition.length !== 3) continue;
    const [op, field, value] = condition as unknown[];
    if (op === 'starts-with' && field === '$key' && typeof value === 'string') prefix = value;
    if (op === 'starts-with' && field === '$Content-Type' && typeof value === 'string') {
      contentType = { startsWith: value };
    }
    if (op === 'eq' && field === '$Content-Type' && typeof value === 'string')
      contentType = { equals: value };
    if (op === 'content-length-range' && typeof value === 'number' && Number.isSafeInteger(value)) {
      maxBytes = value;
    }
  }
  if (bucket === undefined || prefix === undefined || maxBytes === undefined || !contentType)
    return undefined;
  return { bucket, prefix, expiresAt, maxBytes, contentType };
}

/** Whether a file's Content-Type passes the policy's condition (RGW compares case-sensitively). */
export function typeAllowed(rule: ContentTypeRule, contentType: string): boolean {
  return 'equals' in rule ? contentType === rule.equals : contentType.startsWith(rule.startsWith);
}

/** The rule in words: "Images only", "only application/zip", "any type". */
export function describeTypes(rule: ContentTypeRule): string {
  const known = TYPE_CHOICES.find((choice) => JSON.stringify(choice.rule) === JSON.stringify(rule));
  if (known) return known.label;
  return 'equals' in rule ? `Only ${rule.equals}` : `Types starting with ${rule.startsWith}`;
}

/** What the file picker offers first (`accept`): a hint only, the policy decides. */
export function acceptFor(rule: ContentTypeRule): string | undefined {
  if ('equals' in rule) return rule.equals === 'application/pdf' ? 'application/pdf,.pdf' : rule.equals;
  if (!rule.startsWith) return undefined;
  return rule.startsWith.endsWith('/') ? `${rule.startsWith}*` : undefined;
}

/** `2026-12-06-0812-k3f9q2ab/`: sorts by date, and the random part keeps two visits apart. */
export function sessionFolderName(now: Date, random = randomPart()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}-${random}/`;
}

function randomPart(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => alphabet[b % alphabet.length]).join('');
}

/** Why a file cannot go, in one sentence for the uploader; null when it may. Said before any byte is sent. */
export function fileProblem(
  request: Pick<FileRequest, 'maxBytes' | 'contentType'>,
  key: string,
  size: number,
  contentType: string,
): string | null {
  if (size > MAX_POST_BYTES) {
    return `It is ${formatSize(size)}: a browser upload to S3 takes at most 5 GiB per file. Split it, or send it another way.`;
  }
  if (size > request.maxBytes) {
    return `It is ${formatSize(size)}; this link accepts files up to ${formatSize(request.maxBytes)}.`;
  }
  if (!typeAllowed(request.contentType, contentType)) {
    return `Its type (${contentType}) is not allowed here: this link accepts ${describeTypes(request.contentType).toLowerCase()}.`;
  }
  const bytes = new TextEncoder().encode(key).length;
  if (bytes > MAX_KEY_BYTES) {
    return `Its name with its folders is too long (${bytes} bytes where S3 allows ${MAX_KEY_BYTES}): rename it or move it up a folder.`;
  }
  return null;
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** "1.5 MiB"; small and dependency-free for the drop page. */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${UNITS[unit]}`;
}

function isFieldSet(value: unknown): value is Record<string, string> & { Policy: string } {
  if (!isRecord(value)) return false;
  const names = Object.keys(value);
  if (!REQUIRED_FIELDS.every((name) => names.includes(name))) return false;
  return names.every(
    (name) =>
      (REQUIRED_FIELDS.includes(name) || OPTIONAL_FIELDS.includes(name)) &&
      typeof value[name] === 'string' &&
      (value[name] as string).length > 0,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function base64UrlEncode(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return base64Decode(text.replace(/-/g, '+').replace(/_/g, '/'));
}

/** Standard base64 (padding optional) to UTF-8 text; undefined for anything else. */
function base64Decode(text: string): string | undefined {
  try {
    const binary = atob(text);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
