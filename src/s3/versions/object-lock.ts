import {
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
} from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';

/** What keeps one version from being deleted: a retention period, a legal hold, both or neither. */
export interface VersionLock {
  retention?: { mode: string; until: Date };
  legalHold: boolean;
}

/** The bucket's object lock: off, or on with a default retention for new versions. */
export interface BucketLock {
  enabled: boolean;
  defaultRetention?: { mode: string; days?: number; years?: number };
}

/** The answers that mean "nothing set here" rather than a failure. */
const NOTHING_SET =
  /^(NoSuchObjectLockConfiguration|ObjectLockConfigurationNotFoundError|NoSuchObjectLegalHold|InvalidRequest|NotImplemented|InvalidArgument)$/;

/** Retention and legal hold of one version (of the latest without a version id); neither where none is set. */
export async function readVersionLock(
  session: S3Session,
  ref: { bucket: string; key: string; versionId?: string },
  signal?: AbortSignal,
): Promise<VersionLock> {
  const input = { Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId };
  const target = { bucket: ref.bucket, key: ref.key, signal };
  const [retention, hold] = await Promise.all([
    orNothing(() => session.send(new GetObjectRetentionCommand(input), target)),
    orNothing(() => session.send(new GetObjectLegalHoldCommand(input), target)),
  ]);
  const until = retention?.Retention?.RetainUntilDate;
  const mode = retention?.Retention?.Mode;
  return {
    retention: until && mode && until.getTime() > Date.now() ? { mode, until } : undefined,
    legalHold: hold?.LegalHold?.Status === 'ON',
  };
}

export async function readBucketLock(
  session: S3Session,
  bucket: string,
  signal?: AbortSignal,
): Promise<BucketLock> {
  const output = await orNothing(() =>
    session.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }), { bucket, signal }),
  );
  const config = output?.ObjectLockConfiguration;
  const rule = config?.Rule?.DefaultRetention;
  return {
    enabled: config?.ObjectLockEnabled === 'Enabled',
    defaultRetention: rule?.Mode ? { mode: rule.Mode, days: rule.Days, years: rule.Years } : undefined,
  };
}

/** Why a lock forbids deleting, in words: "it is retained until … (GOVERNANCE mode)", "it is under legal hold". */
export function lockReason(lock: VersionLock): string | undefined {
  const reasons: string[] = [];
  if (lock.retention) {
    reasons.push(`it is retained until ${lock.retention.until.toISOString()} (${lock.retention.mode} mode)`);
  }
  if (lock.legalHold) reasons.push('it is under a legal hold');
  return reasons.length ? reasons.join(' and ') : undefined;
}

async function orNothing<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof S3AppError && (NOTHING_SET.test(error.code) || error.kind === 'not-implemented'))
      return undefined;
    throw error;
  }
}
