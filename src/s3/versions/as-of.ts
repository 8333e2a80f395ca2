import type { VersionRecord } from './version-xml';

/** One key at a moment: what it was then (if anything) and what it is now. */
export interface KeyAsOf {
  key: string;
  /** The version current at that moment; undefined when the key did not exist then (never, or deleted). */
  then?: VersionRecord;
  /** The latest version or delete marker now. */
  latest: VersionRecord;
}

/**
 * For each key of a listing of versions (in the server's order: keys ascending, each key's newest first), the
 * version that was current at `time`: of the entries modified at or before it, the one modified last. Between
 * entries with the same timestamp (servers that keep whole seconds, or fast writes) the one listed first is the
 * newer: the listing's order is the only truth there. A delete marker current at `time` means the key did not
 * exist then. Version ids play no part (`null` ones from before versioning or from suspended versioning are
 * ordinary entries); pure, so the table and the restore plan read the same answer.
 */
export function keysAsOf(versions: Iterable<VersionRecord>, time: Date): KeyAsOf[] {
  const at = time.getTime();
  const keys: KeyAsOf[] = [];
  let current: KeyAsOf | undefined;
  let currentThen: VersionRecord | undefined;
  const finish = () => {
    if (!current) return;
    current.then = currentThen && !currentThen.deleteMarker ? currentThen : undefined;
    keys.push(current);
  };
  for (const version of versions) {
    if (version.key !== current?.key) {
      finish();
      current = { key: version.key, latest: version };
      currentThen = undefined;
    }
    // The latest is marked by the server; without the mark, the first listed.
    if (version.isLatest && !current.latest.isLatest) current.latest = version;
    const modified = version.lastModified.getTime();
    if (modified <= at && (!currentThen || modified > currentThen.lastModified.getTime()))
      currentThen = version;
  }
  finish();
  return keys;
}

/** The keys that existed at `time`, each with the version it had then: the folder as it was. */
export function existingAsOf(versions: Iterable<VersionRecord>, time: Date): VersionRecord[] {
  return keysAsOf(versions, time).flatMap((k) => (k.then ? [k.then] : []));
}
