import type { ConnectionProfile, Credentials } from './profile';

/**
 * Where connection data is kept in the browser.
 * - Saved profiles (no secret) in localStorage, to pick again later.
 * - The live connection, secret included, in sessionStorage only: it survives a reload of this tab and dies
 *   with it. The secret is never written to localStorage.
 */
const PROFILES_KEY = 's3fm.profiles';
const SESSION_KEY = 's3fm.session';
const openedKey = (profileId: string) => `s3fm.opened.${profileId}`;

export interface SavedProfile extends ConnectionProfile {
  accessKeyId: string;
}

export interface StoredSession {
  profile: ConnectionProfile;
  credentials: Credentials;
}

function readJson<T>(storage: Storage, key: string, fallback: T): T {
  try {
    const text = storage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function loadProfiles(): SavedProfile[] {
  const profiles = readJson<SavedProfile[]>(localStorage, PROFILES_KEY, []);
  return Array.isArray(profiles) ? profiles : [];
}

export function saveProfile(profile: SavedProfile): SavedProfile[] {
  const others = loadProfiles().filter((p) => p.id !== profile.id);
  const { id, label, endpoint, region, pathStyle, transport, accessKeyId } = profile;
  const profiles = [{ id, label, endpoint, region, pathStyle, transport, accessKeyId }, ...others];
  localStorage.setItem(PROFILES_KEY, JSON.stringify(profiles));
  return profiles;
}

export function removeProfile(id: string): SavedProfile[] {
  const profiles = loadProfiles().filter((p) => p.id !== id);
  localStorage.setItem(PROFILES_KEY, JSON.stringify(profiles));
  localStorage.removeItem(openedKey(id));
  return profiles;
}

export function loadSession(): StoredSession | null {
  const stored = readJson<StoredSession | null>(sessionStorage, SESSION_KEY, null);
  return stored?.profile && stored.credentials ? stored : null;
}

export function storeSession(session: StoredSession | null): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** Buckets opened by name (for keys that may not list buckets), remembered per profile. */
export function loadOpenedBuckets(profileId: string): string[] {
  const names = readJson<string[]>(localStorage, openedKey(profileId), []);
  return Array.isArray(names) ? names : [];
}

export function rememberOpenedBucket(profileId: string, bucket: string): string[] {
  const names = [bucket, ...loadOpenedBuckets(profileId).filter((b) => b !== bucket)].slice(0, 50);
  localStorage.setItem(openedKey(profileId), JSON.stringify(names));
  return names;
}
