/**
 * The pieces of AWS Signature Version 4 that the app computes without the SDK, with WebCrypto: a POST policy's
 * signature (upload/post-policy.ts) and the search worker's listing URLs (listing-url.ts); header-signer.ts uses
 * its encoding. No SDK import here: the search worker's script uses it.
 */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** `20261206T235959Z`: a request's time as SigV4 writes it; its first 8 characters are the day of the scope. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** The day's signing key of one region's S3 (kSigning), derived from the secret. */
export async function signingKey(secret: string, day: string, region: string): Promise<ArrayBuffer> {
  let key = await hmac(new TextEncoder().encode(`AWS4${secret}`), day);
  for (const part of [region, 's3', 'aws4_request']) key = await hmac(key, part);
  return key;
}

/**
 * The same key as a CryptoKey that can only sign: it can be handed to a worker (a CryptoKey crosses postMessage)
 * and neither there nor here can its bytes, let alone the secret, be read back.
 */
export async function signingCryptoKey(secret: string, day: string, region: string): Promise<CryptoKey> {
  return importHmacKey(await signingKey(secret, day, region));
}

export async function hmac(key: BufferSource, text: string): Promise<ArrayBuffer> {
  return hmacWith(await importHmacKey(key), text);
}

export function hmacWith(key: CryptoKey, text: string): Promise<ArrayBuffer> {
  return crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text));
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** RFC 3986 escaping, as SigV4's canonical query wants it (encodeURIComponent leaves `!'()*` as they are). */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A query as signed and sent: encoded names and values, sorted, `name=` for an empty value. */
export function canonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([name, value]) => `${escapeUri(name)}=${escapeUri(value)}`)
    .sort()
    .join('&');
}

function importHmacKey(key: BufferSource): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}
