import type { BucketLock, VersionLock } from '../../s3/versions/object-lock';
import type { VersionRecord } from '../../s3/versions/version-xml';
import { formatBytes } from '../ui/format';

// Seconds shown: versions written within the same minute must be told apart.
const versionTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatVersionTime(date: Date): string {
  return versionTime.format(date);
}

/** "1.2 KiB" for a version, "Delete marker" for a marker. */
export function versionSize(version: VersionRecord): string {
  return version.deleteMarker ? 'Delete marker' : formatBytes(version.size);
}

/** What a bucket's object lock means for its versions, in one sentence. */
export function bucketLockText(lock: BucketLock): string {
  if (!lock.enabled) return '';
  const rule = lock.defaultRetention;
  const period = rule?.days ? `${rule.days} days` : rule?.years ? `${rule.years} years` : '';
  return rule && period
    ? `Object lock is on: each new version is retained for ${period} (${rule.mode} mode) and cannot be deleted until then.`
    : 'Object lock is on: a version with a retention date or a legal hold cannot be deleted.';
}

/** A version's lock in words ("Retained until … (GOVERNANCE mode)", "Legal hold"); '' when nothing holds it. */
export function versionLockText(lock: VersionLock): string {
  const parts: string[] = [];
  if (lock.retention)
    parts.push(`Retained until ${formatVersionTime(lock.retention.until)} (${lock.retention.mode} mode)`);
  if (lock.legalHold) parts.push('Legal hold');
  return parts.join(' · ');
}
