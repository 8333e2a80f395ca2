import { RELAY_CONFIG_PATH } from './relay-protocol';

/** What the app's own server says about its relay (absent on a static host). */
export interface RelayConfig {
  relay: true;
  allowedEndpoints: string[];
  /** A ready profile for the local RGW sandbox, when the server was started with one. */
  sandbox?: {
    label: string;
    endpoint: string;
    region: string;
    accessKey: string;
    secretKey: string;
    bucket?: string;
  };
}

/** Asks the serving origin for its relay; a static build answers 404 (or HTML), which means "no relay". */
export async function fetchRelayConfig(base = globalThis.location?.origin): Promise<RelayConfig | null> {
  if (!base) return null;
  try {
    const response = await fetch(new URL(RELAY_CONFIG_PATH, base), { cache: 'no-store' });
    if (!response.ok || !response.headers.get('content-type')?.includes('json')) return null;
    const config = (await response.json()) as RelayConfig;
    return config.relay === true && Array.isArray(config.allowedEndpoints) ? config : null;
  } catch {
    return null;
  }
}

export function relayAllows(config: RelayConfig | null, endpoint: string): boolean {
  if (!config) return false;
  const origin = safeOrigin(endpoint);
  return config.allowedEndpoints.some((allowed) => safeOrigin(allowed) === origin);
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
