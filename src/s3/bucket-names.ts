/**
 * S3's bucket naming rules, checked before any request so a bad name gets a reason instead of a 400.
 * The rules are AWS's for general purpose buckets; Ceph RGW enforces the same core (length, characters,
 * alphanumeric ends, no `..`, `.-` or `-.`, no IP-address form) unless it runs with relaxed names.
 */
export type BucketNameRule =
  | 'empty'
  | 'length'
  | 'uppercase'
  | 'characters'
  | 'start'
  | 'end'
  | 'adjacent-dots'
  | 'dot-dash'
  | 'ip-address'
  | 'reserved-prefix'
  | 'reserved-suffix';

export interface BucketNameProblem {
  rule: BucketNameRule;
  reason: string;
}

export interface BucketNameVerdict {
  ok: boolean;
  /** Every rule the name breaks, each with a sentence; empty when the name is valid. */
  problems: BucketNameProblem[];
  /** Legal but likely to hurt later (dots and HTTPS virtual-hosted addressing). */
  warnings: string[];
}

export const BUCKET_NAME_MIN = 3;
export const BUCKET_NAME_MAX = 63;

/** Prefixes S3 reserves (AWS documents each; `xn--` is the IDN punycode marker). */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
/** Suffixes S3 reserves for access point aliases, Object Lambda, multi-region points, directory and table buckets. */
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

const isAlnum = (c: string | undefined) => !!c && /^[a-z0-9]$/.test(c);

export function validateBucketName(input: string): BucketNameVerdict {
  const name = input;
  const problems: BucketNameProblem[] = [];
  const warnings: string[] = [];
  const add = (rule: BucketNameRule, reason: string) => problems.push({ rule, reason });

  if (!name) {
    add('empty', 'Enter a name.');
    return { ok: false, problems, warnings };
  }
  if (name.length < BUCKET_NAME_MIN || name.length > BUCKET_NAME_MAX) {
    add('length', `Use ${BUCKET_NAME_MIN} to ${BUCKET_NAME_MAX} characters (this name has ${name.length}).`);
  }
  if (/[A-Z]/.test(name)) {
    add('uppercase', `Use lower-case letters only: “${name.toLowerCase()}” instead of “${name}”.`);
  }
  const others = [...new Set(name.replace(/[a-zA-Z0-9.-]/g, ''))];
  if (others.length) {
    add(
      'characters',
      `Only letters, digits, dots (.) and hyphens (-) are allowed, not ${others.map(describeChar).join(', ')}.`,
    );
  }
  if (!isAlnum(name[0].toLowerCase())) {
    add('start', 'Start with a letter or a digit.');
  }
  if (!isAlnum(name[name.length - 1].toLowerCase())) {
    add('end', 'End with a letter or a digit.');
  }
  if (name.includes('..')) add('adjacent-dots', 'Two dots may not be next to each other (“..”).');
  if (/\.-|-\./.test(name)) {
    add(
      'dot-dash',
      'A dot may not be next to a hyphen (“.-” or “-.”): each dot-separated part must start and end with a letter or digit.',
    );
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) {
    add('ip-address', 'A name may not look like an IP address (such as 192.168.5.4).');
  }
  const lower = name.toLowerCase();
  const prefix = RESERVED_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix) add('reserved-prefix', `Names starting with “${prefix}” are reserved by S3.`);
  const suffix = RESERVED_SUFFIXES.find((s) => lower.endsWith(s));
  if (suffix) add('reserved-suffix', `Names ending with “${suffix}” are reserved by S3.`);

  if (!problems.length && name.includes('.')) {
    warnings.push(
      'Dots work with path-style addressing (RGW, MinIO), but with HTTPS virtual-hosted addressing (AWS) the certificate will not match the bucket’s host name.',
    );
  }
  return { ok: problems.length === 0, problems, warnings };
}

function describeChar(c: string): string {
  if (c === ' ') return 'spaces';
  if (c === '_') return 'underscores (_)';
  if (/\s/.test(c)) return 'whitespace';
  return `“${c}”`;
}
