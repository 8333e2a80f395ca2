import { unquoteEtag } from '../upload/xhr-send';
import { keysAsOf, type KeyAsOf } from './as-of';
import type { VersionRecord } from './version-xml';

/** What bringing a folder back to a moment changes, key by key; nothing is deleted to do it. */
export interface RestorePlan {
  time: Date;
  /** Keys whose version then is not what they hold now: that version is copied to be the latest again. */
  restore: Array<{ key: string; version: VersionRecord }>;
  /** Keys that hold now what they held then (or did not exist then and do not now). */
  unchanged: number;
  /**
   * Keys that exist now but did not then. Left as they are unless the person asks for delete markers (which
   * hide them, and can be removed again: no data goes).
   */
  absentThen: Array<{ key: string; latest: VersionRecord }>;
}

/**
 * The plan for bringing every key under a prefix back to `time`, from a complete listing of its versions. A key
 * counts as unchanged when its latest version is the one it had then, or holds the same bytes (same ETag and
 * size: a folder restored once needs nothing the second time).
 */
export function planRestore(versions: Iterable<VersionRecord>, time: Date): RestorePlan {
  const plan: RestorePlan = { time, restore: [], unchanged: 0, absentThen: [] };
  for (const entry of keysAsOf(versions, time)) {
    const { key, then, latest } = entry;
    if (!then) {
      if (latest.deleteMarker) plan.unchanged++;
      else plan.absentThen.push({ key, latest });
    } else if (sameContent(entry)) plan.unchanged++;
    else plan.restore.push({ key, version: then });
  }
  return plan;
}

function sameContent({ then, latest }: KeyAsOf): boolean {
  if (!then || latest.deleteMarker) return false;
  if (latest.versionId === then.versionId) return true;
  return latest.size === then.size && !!then.etag && unquoteEtag(latest.etag) === unquoteEtag(then.etag);
}
