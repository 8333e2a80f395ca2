/** What a person types to reach an S3 endpoint. The secret lives in `Credentials`, never in a profile. */
export interface ConnectionProfile {
  id: string;
  label: string;
  /** Origin of the endpoint, e.g. `http://127.0.0.1:7480` or `https://s3.eu-west-1.amazonaws.com`. */
  endpoint: string;
  region: string;
  /** Path-style addressing (`endpoint/bucket/key`): RGW and MinIO need it; AWS prefers virtual-hosted style. */
  pathStyle: boolean;
  /** How requests travel: straight to the endpoint, through the app's same-origin relay, or direct with fallback. */
  transport: Transport;
}

export type Transport = 'auto' | 'direct' | 'relay';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const DEFAULT_REGION = 'us-east-1';

export type EndpointCheck = { ok: true; endpoint: string } | { ok: false; problem: string };

/**
 * Checks an endpoint URL before any request is made, so typos get a sentence instead of a network error.
 * The endpoint is reduced to its origin: S3 endpoints are addressed at the root.
 */
export function checkEndpoint(input: string): EndpointCheck {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'Enter the endpoint URL, for example https://s3.example.com.' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return {
      ok: false,
      problem: `"${text}" has no scheme. Write it with http:// or https://, for example https://${text}.`,
    };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `"${text}" is not a valid URL.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      problem: `Only http:// and https:// endpoints are supported, not ${url.protocol}//.`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      problem: 'Remove the user name or password from the URL; use the key fields instead.',
    };
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return {
      ok: false,
      problem: `An S3 endpoint is addressed at its root: use ${url.origin} without "${url.pathname}${url.search}${url.hash}". Buckets are chosen after connecting.`,
    };
  }
  return { ok: true, endpoint: url.origin };
}

/** Stable id for a profile: the same endpoint and key id are the same saved profile. */
export function profileId(endpoint: string, accessKeyId: string): string {
  return `${endpoint}|${accessKeyId}`;
}
