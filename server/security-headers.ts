// Headers on every response the app itself serves (pages, assets, /_relay/config). Exported as a plain object so
// docs and tests can show and check the exact values.
//
// - CSP: scripts and styles only from this origin (no inline script, so injected markup cannot run);
//   img/media/frame/connect allow any http(s) endpoint because previews and S3 calls go to user-chosen endpoints.
// - Referrer-Policy no-referrer: a presigned URL in the address bar or a page must not leak through Referer.
// - frame-ancestors/X-Frame-Options: no clickjacking of a page that holds keys.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' http: https:; " +
    "media-src 'self' http: https:; connect-src 'self' http: https:; frame-src 'self' http: https:; " +
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

/**
 * Added to relayed responses, whose other headers pass through untouched: whatever an object claims to be, it can
 * never run as a document in the app's origin (CSP sandbox gives it an opaque origin) or be sniffed into HTML.
 */
export const RELAY_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'X-Content-Type-Options': 'nosniff',
});
