import type { JobRequest } from '../../s3/copy/transfer-jobs';
import type { TransferSnapshot } from '../../s3/copy/transfer-job';

/** A key's or folder's own name, as a row shows it: a folder keeps its trailing "/". */
export function displayName(keyOrPrefix: string): string {
  const folder = keyOrPrefix.endsWith('/');
  const trimmed = folder ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  return `${trimmed.slice(trimmed.lastIndexOf('/') + 1)}${folder ? '/' : ''}`;
}

/** "3 items" or the one item's name. */
export function itemsText(sources: readonly string[]): string {
  return sources.length === 1 ? displayName(sources[0]) : `${sources.length.toLocaleString('en-US')} items`;
}

const VERBS = {
  move: { going: 'Moving', gone: 'Moved', rename: ['Renaming', 'Renamed'] },
  copy: { going: 'Copying', gone: 'Copied', rename: ['Copying', 'Copied'] },
} as const;

/**
 * "Moving 3 items to photos/2024/", "Copied report.pdf to archive/", "Copying a.txt to Backup: bucket/in/",
 * "Copied a.txt from Backup to bucket/in/" (a paste from another connection), "Renamed a.txt to b.txt".
 */
export function jobTitle(request: JobRequest, snapshot: Pick<TransferSnapshot, 'status'>): string {
  const verbs = VERBS[request.mode];
  const over = snapshot.status === 'done';
  if (request.rename) {
    const [root] = request.roots;
    return `${verbs.rename[over ? 1 : 0]} ${displayName(root.source)} to ${displayName(root.destination)}`;
  }
  const what = itemsText(request.roots.map((root) => root.source));
  const elsewhere = request.toConnection ? `${request.toConnection.label}: ` : '';
  const from = request.fromConnection ? ` from ${request.fromConnection.label}` : '';
  const where =
    request.fromBucket === request.toBucket && !elsewhere && !from
      ? request.toPrefix
      : `${request.toBucket}/${request.toPrefix}`;
  return `${over ? verbs.gone : verbs.going} ${what}${from} to ${elsewhere}${where || `the top of ${request.toBucket}`}`;
}

/** What the job is doing now, in a few words. */
export function jobStatusText(snapshot: TransferSnapshot): string {
  const { keys } = snapshot;
  switch (snapshot.status) {
    case 'idle':
    case 'listing':
      return 'Listing…';
    case 'asking':
      return 'Waiting for your answer';
    case 'running':
      return 'Running';
    case 'done':
      return keys.skipped ? `Done, ${keys.skipped} skipped` : 'Done';
    case 'failed':
      return keys.failed ? `${keys.failed} failed` : 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}
