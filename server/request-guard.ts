// Who may talk to the app's server. Any web page the user visits can reach it: a cross-site "simple" request
// needs no CORS, and DNS rebinding makes an attacker's name resolve to this server. So every request must name one
// of the server's own hosts, and the relay's paths refuse what a browser marks as sent by another site.
import type http from 'node:http';
import net from 'node:net';

/** `localhost`, `*.localhost` (which browsers resolve to loopback themselves) and the operator's names. */
export function isAllowedHost(hostHeader: string | undefined, allowedNames: readonly string[]): boolean {
  // A browser always sends Host; a client without one is not a browser, so rebinding cannot drive it.
  if (hostHeader === undefined) return true;
  const hostname = hostnameOf(hostHeader);
  if (hostname === undefined) return false;
  // An IP literal cannot be rebound: the page's origin is then that address, not a name an attacker controls.
  if (net.isIP(hostname)) return true;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  return allowedNames.includes(hostname);
}

/** The lower-case host name of a Host header (`name`, `name:port`, `[v6]:port`), or undefined if malformed. */
export function hostnameOf(hostHeader: string): string | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9._-]+))(?::(\d{1,5}))?$/.exec(hostHeader.trim());
  if (!m) return undefined;
  if (m[1] !== undefined) return net.isIPv6(m[1]) ? m[1].toLowerCase() : undefined;
  return m[2].toLowerCase().replace(/\.$/, '');
}

export type SiteCheck = { ok: true } | { ok: false; reason: string };

/**
 * Requests to `/_relay/*` come from the app's own pages or from tools (curl, tests) that send neither header.
 * Sec-Fetch-Site is set by the browser and cannot be forged by a page; Origin covers browsers without it.
 */
export function checkSameSite(req: http.IncomingMessage): SiteCheck {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, reason: 'a page of another site' };
  }
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  const host = req.headers.host;
  if (!host || originHost(origin) !== host.toLowerCase()) {
    return { ok: false, reason: 'a page whose origin is not this app' };
  }
  return { ok: true };
}

/** `host[:port]` of an Origin header as it would appear in Host, default ports left out; '' if not an origin. */
function originHost(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : '';
  } catch {
    return '';
  }
}

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback: the sandbox's keys are served to this machine only. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || (net.isIPv4(v4) && v4.startsWith('127.'));
}
