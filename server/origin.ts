// Parsing and comparing endpoint origins. Relays of other projects were bypassed through unanchored regexes and
// string prefixes (`http://allowed@evil`, `http://allowed.evil`), so everything here parses with WHATWG URL and
// compares scheme, host and port as separate, exact values.

/** The only shape accepted: scheme://host[:port] with at most a trailing slash (no userinfo, path, query). */
const ORIGIN_SHAPE = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#\\@]+\/?$/i;

export type OriginParse = { ok: true; url: URL } | { ok: false; reason: 'syntax' | 'scheme' };

/** Parses `raw` as an endpoint origin; http and https only. */
export function parseOrigin(raw: string): OriginParse {
  if (!ORIGIN_SHAPE.test(raw)) return { ok: false, reason: 'syntax' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'syntax' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'scheme' };
  // Belt and braces: the shape check already excludes these.
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    return { ok: false, reason: 'syntax' };
  }
  return { ok: true, url };
}

/** A comparison key with the default port spelled out, so `http://h` and `http://h:80` are the same endpoint. */
export function originKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${url.hostname}:${port}`;
}

/** Cloud metadata services live on link-local addresses; a relay must never become a path to them. */
export function isLinkLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'metadata.google.internal') return true;
  return isLinkLocalAddress(host);
}

/**
 * 169.254.0.0/16, fe80::/10, fd00:ec2::254 (AWS IMDS over IPv6), and IPv4 169.254/16 embedded in IPv6 (mapped,
 * compatible, translated, NAT64, 6to4).
 */
export function isLinkLocalAddress(address: string): boolean {
  const v4 = ipv4Octets(address);
  if (v4) return v4[0] === 169 && v4[1] === 254;
  const g = ipv6Groups(address);
  if (!g) return false;
  if ((g[0] & 0xffc0) === 0xfe80) return true;
  if (g[0] === 0xfd00 && g[1] === 0xec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return true;
  // 6to4 (2002::/16) carries the IPv4 address in groups 1-2.
  if (g[0] === 0x2002 && g[1] === 0xa9fe) return true;
  const embedsV4LinkLocal = g[6] === 0xa9fe;
  const mapped = g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0);
  const translated = g.slice(0, 4).every((x) => x === 0) && g[4] === 0xffff && g[5] === 0;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  return embedsV4LinkLocal && (mapped || translated || nat64);
}

function ipv4Octets(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/** Eight 16-bit groups of an IPv6 address (brackets, zone and a dotted IPv4 tail allowed), or null. */
function ipv6Groups(address: string): number[] | null {
  let s = address.replace(/^\[/, '').replace(/\]$/, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    const v4 = ipv4Octets(tail[2]);
    if (!v4) return null;
    s = `${tail[1]}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if (fill < 0) return null;
  const parts = [...head, ...Array<string>(fill).fill('0'), ...rest];
  if (parts.length !== 8 || !parts.every((p) => /^[0-9a-f]{1,4}$/i.test(p))) return null;
  return parts.map((p) => parseInt(p, 16));
}
