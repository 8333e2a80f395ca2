import type { KeyJobSnapshot } from '../../s3/versions/key-job';
import type { VersionJobInfo } from '../../s3/versions/version-jobs';
import { displayName } from '../transfer/job-text';
import { formatVersionTime } from './version-text';

const files = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'file' : 'files'}`;

/** "Undeleting 3 files", "Undeleted report.pdf", "Restoring photos/ to 6 Dec 2026, 14:00:00". */
export function versionJobTitle(info: VersionJobInfo, snapshot: Pick<KeyJobSnapshot, 'status'>): string {
  const over = snapshot.status === 'done';
  if (info.kind === 'undelete') {
    const what = info.keys.length === 1 ? displayName(info.keys[0]) : files(info.keys.length);
    return `${over ? 'Undeleted' : 'Undeleting'} ${what}`;
  }
  const where = info.prefix || `the top of ${info.bucket}`;
  return `${over ? 'Restored' : 'Restoring'} ${where} to ${formatVersionTime(info.time)}`;
}

/** What the job is doing now, in a few words. */
export function versionJobStatus(snapshot: KeyJobSnapshot): string {
  switch (snapshot.status) {
    case 'idle':
    case 'running':
      return 'Running';
    case 'done':
      return 'Done';
    case 'failed':
      return `${snapshot.keys.failed.toLocaleString('en-US')} failed`;
    case 'cancelled':
      return 'Cancelled';
  }
}

/** "120 of 500 files". */
export function versionJobLine(snapshot: KeyJobSnapshot): string {
  const { done, total } = snapshot.keys;
  return `${done.toLocaleString('en-US')} of ${files(total)}`;
}
