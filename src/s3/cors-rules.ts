import { S3AppError } from './errors';

/**
 * The bucket CORS rule this app needs to call a bucket straight from the page, and a merge that adds it without
 * clobbering the bucket's other rules. Service-level calls (ListBuckets, CreateBucket) can never be allowed
 * this way: S3 servers only answer CORS per bucket (see docs/reverse-proxy-cors.md).
 */
export interface CorsRule {
  ID?: string;
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
}

export const APP_CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

/**
 * Request headers the app sends. The SDK signs with `authorization` and `x-amz-date`/`x-amz-content-sha256`,
 * adds `x-amz-user-agent`, `amz-sdk-invocation-id` and `amz-sdk-request` to every call, and checksums
 * (`x-amz-checksum-*`, `content-md5`) where S3 requires them; uploads set the content headers. One `*` per entry
 * is a wildcard on AWS and on RGW (measured: RGW matches them case-insensitively).
 */
export const APP_CORS_HEADERS = [
  'authorization',
  'content-type',
  'content-md5',
  'content-disposition',
  'content-encoding',
  'content-language',
  'cache-control',
  'expires',
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'x-amz-*',
  'amz-sdk-*',
];

/**
 * Response headers the app reads beyond the CORS-safelisted ones: ETag (multipart uploads, details), version and
 * delete-marker ids, storage class, request ids for error details, the download headers, and Date (the SDK corrects
 * a skewed clock from it; hidden, a page with a wrong clock cannot recover). S3 allows no wildcard
 * here, so user metadata (`x-amz-meta-*`) stays hidden from a page unless listed one by one.
 */
export const APP_EXPOSE_HEADERS = [
  'ETag',
  'Content-Length',
  'Content-Type',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Range',
  'Accept-Ranges',
  'Last-Modified',
  'Date',
  'x-amz-version-id',
  'x-amz-delete-marker',
  'x-amz-storage-class',
  'x-amz-request-id',
  'x-amz-id-2',
];

export const APP_CORS_MAX_AGE = 3000;

/** Concrete headers a real call of this app carries, to test whether someone else's rule lets them through. */
const SAMPLE_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'content-md5',
  'range',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-user-agent',
  'x-amz-security-token',
  'x-amz-checksum-crc32',
  'x-amz-sdk-checksum-algorithm',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
];

/** S3 allows at most 100 rules per bucket. */
const MAX_RULES = 100;

export function appCorsRuleId(origin: string): string {
  return `s3-file-manager ${origin}`.slice(0, 255);
}

/** The rule for one page origin (`location.origin`), with an ID so applying it twice replaces it. */
export function appCorsRule(origin: string): CorsRule {
  return {
    ID: appCorsRuleId(origin),
    AllowedOrigins: [origin],
    AllowedMethods: [...APP_CORS_METHODS],
    AllowedHeaders: [...APP_CORS_HEADERS],
    ExposeHeaders: [...APP_EXPOSE_HEADERS],
    MaxAgeSeconds: APP_CORS_MAX_AGE,
  };
}

/** `*` matches any run of characters, once per pattern (AWS and RGW allow one). Case-insensitive. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const p = pattern.toLowerCase();
  const v = value.toLowerCase();
  const star = p.indexOf('*');
  if (star < 0) return p === v;
  const head = p.slice(0, star);
  const tail = p.slice(star + 1);
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

export interface CorsCoverage {
  covered: boolean;
  /** The rule the server will apply to this origin: RGW uses the first rule whose origin matches (measured). */
  rule?: CorsRule;
  /** What that rule lacks, in words ("PUT", "header x-amz-date", "ExposeHeaders ETag"). */
  missing: string[];
}

/**
 * Whether the rules let this app work from `origin`. RGW picks the first rule whose AllowedOrigin matches and
 * judges method and headers against that rule alone, so a narrower rule earlier in the list hides a wider one.
 */
export function corsCoverage(rules: CorsRule[], origin: string): CorsCoverage {
  const rule = rules.find((r) => r.AllowedOrigins.some((o) => wildcardMatch(o, origin)));
  if (!rule) return { covered: false, missing: [`a rule for ${origin}`] };
  const missing: string[] = [];
  const methods = new Set(rule.AllowedMethods.map((m) => m.toUpperCase()));
  for (const method of APP_CORS_METHODS) if (!methods.has(method)) missing.push(method);
  const headers = rule.AllowedHeaders ?? [];
  for (const header of SAMPLE_REQUEST_HEADERS) {
    if (!headers.some((h) => wildcardMatch(h, header))) missing.push(`header ${header}`);
  }
  if (!(rule.ExposeHeaders ?? []).some((h) => h.toLowerCase() === 'etag')) missing.push('ExposeHeaders ETag');
  return { covered: missing.length === 0, rule, missing };
}

/**
 * The bucket's rules with this app's rule first (so RGW, which applies the first origin match, uses it), any
 * earlier copy of it removed, and every other rule kept in order. Unchanged when the rules already cover it.
 */
export function mergeCorsRules(
  existing: CorsRule[],
  origin: string,
): { rules: CorsRule[]; changed: boolean } {
  if (corsCoverage(existing, origin).covered) return { rules: existing, changed: false };
  const ours = appCorsRule(origin);
  const rules = [ours, ...existing.filter((r) => r.ID !== ours.ID)];
  if (rules.length > MAX_RULES) {
    throw new S3AppError(
      'unknown',
      `The bucket already has ${existing.length} CORS rules; S3 allows at most ${MAX_RULES}.`,
      'Remove a rule the bucket no longer needs, then apply again.',
      { code: 'TooManyCorsRules' },
    );
  }
  return { rules, changed: true };
}

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);

/** The rules as PutBucketCors XML (what `s3cmd setcors rules.xml` takes). */
export function corsRulesXml(rules: CorsRule[]): string {
  const lines = ['<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'];
  for (const rule of rules) {
    lines.push('  <CORSRule>');
    const add = (tag: string, values: Array<string | number> | undefined) => {
      for (const value of values ?? []) lines.push(`    <${tag}>${escapeXml(String(value))}</${tag}>`);
    };
    add('ID', rule.ID ? [rule.ID] : undefined);
    add('AllowedOrigin', rule.AllowedOrigins);
    add('AllowedMethod', rule.AllowedMethods);
    add('AllowedHeader', rule.AllowedHeaders);
    add('ExposeHeader', rule.ExposeHeaders);
    add('MaxAgeSeconds', rule.MaxAgeSeconds === undefined ? undefined : [rule.MaxAgeSeconds]);
    lines.push('  </CORSRule>');
  }
  lines.push('</CORSConfiguration>');
  return lines.join('\n');
}

/** The rules as JSON, in the form the AWS console's CORS editor takes (the CLI wants `{"CORSRules": [...]}`). */
export function corsRulesJson(rules: CorsRule[]): string {
  // Short lists of strings on one line, as people write them by hand.
  return JSON.stringify(rules, null, 2).replace(
    /\[\n\s+("[^\n]*"(?:,\n\s+"[^\n]*")*)\n\s+\]/g,
    (whole, items: string) => {
      const line = `[${items.split(/,\n\s+/).join(', ')}]`;
      return line.length <= 72 ? line : whole;
    },
  );
}

/**
 * Whether a page on `origin` may send a form POST with upload progress (the drop page): the rule RGW applies to
 * that origin must allow POST; such a request asks for no extra headers.
 */
export function allowsFormPost(rules: CorsRule[], origin: string): boolean {
  const rule = rules.find((r) => r.AllowedOrigins.some((o) => wildcardMatch(o, origin)));
  return !!rule && rule.AllowedMethods.some((m) => m.toUpperCase() === 'POST');
}
