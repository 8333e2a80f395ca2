import {
  GetBucketAclCommand,
  GetObjectAclCommand,
  PutBucketAclCommand,
  PutObjectAclCommand,
  type Grant,
  type Owner,
} from '@aws-sdk/client-s3';
import { parseAccessControlPolicy } from './acl-xml';
import { S3AppError } from './errors';
import { readAnswerFast } from './list-xml';
import type { CallTarget, S3Session } from './session';

/** The group S3 uses for "anyone, signed in or not". READ for it is what makes an object public. */
export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
/** "Any holder of any S3 account on this server": not public, but not private either. */
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/** The two canned ACLs the app sets (the seed's `set_canned_acl`). */
export type CannedAcl = 'private' | 'public-read';

/** What a person needs to know: only the owner, anyone (public-read), or something else (listed). */
export type AccessLevel = 'private' | 'public' | 'custom';

export interface AclGrant {
  /** Who, in words: "Everyone (anonymous)", a user's display name or id, an e-mail address. */
  grantee: string;
  granteeType: 'group' | 'user' | 'email';
  permission: string;
}

export interface AclInfo {
  supported: true;
  access: AccessLevel;
  /** AllUsers may READ: true for 'public', and possibly for 'custom'. */
  publicRead: boolean;
  /** Every grant except the owner's own FULL_CONTROL (that one is implied). */
  grants: AclGrant[];
}

/** The server (or this bucket) does not do ACLs: the UI disables the toggle and shows `reason`. */
export interface AclUnsupported {
  supported: false;
  reason: string;
  /** The server's answer, for a details line: NotImplemented, AccessControlListNotSupported, or Ignored. */
  code: string;
}

export type AclState = AclInfo | AclUnsupported;

/** What the SDK is handed once the answer is read: nothing, so it does not start an XML parser at all. */
const EMPTY_ACL = new Uint8Array(0);

/**
 * Reads who may do what with one object (GetObjectAcl), or with one version of it. Other failures (access
 * denied, ...) throw.
 */
export async function getObjectAcl(
  session: S3Session,
  bucket: string,
  key: string,
  signal?: AbortSignal,
  versionId?: string,
  via?: CallTarget['via'],
): Promise<AclState> {
  return unsupportedOr(async () => {
    if (via === 'batch' && session.batchesRequests) {
      // A job's reads by the thousand: signed by the session and batched, no SDK command.
      const query: Record<string, string> = versionId === undefined ? { acl: '' } : { acl: '', versionId };
      const answer = await session.sendBatched(
        { method: 'GET', bucket, key, query },
        { bucket, key, signal },
      );
      const read = parseAccessControlPolicy(answer.body);
      if (read) return describeAcl(read.owner, read.grants);
    }
    const command = new GetObjectAclCommand({ Bucket: bucket, Key: key, VersionId: versionId });
    const fast = readAnswerFast(command, parseAccessControlPolicy, EMPTY_ACL);
    const output = await session.send(command, { bucket, key, signal, via });
    const read = fast.result();
    return read ? describeAcl(read.owner, read.grants) : describeAcl(output.Owner, output.Grants);
  });
}

/**
 * The seed's `key.set_canned_acl('public-read' | 'private')`. The ACL is read back afterwards: some servers
 * (Cloudflare R2) accept the request and ignore it, and only the read-back tells.
 */
export async function setObjectCannedAcl(
  session: S3Session,
  bucket: string,
  key: string,
  acl: CannedAcl,
  signal?: AbortSignal,
): Promise<AclState> {
  return unsupportedOr(async () => {
    await session.send(new PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: acl }), {
      bucket,
      key,
      signal,
    });
    return verify(await getObjectAcl(session, bucket, key, signal), acl);
  });
}

/** Who may list the bucket (GetBucketAcl). Public READ on a bucket means listing its keys, not reading them. */
export async function getBucketAcl(
  session: S3Session,
  bucket: string,
  signal?: AbortSignal,
): Promise<AclState> {
  return unsupportedOr(async () => {
    const output = await session.send(new GetBucketAclCommand({ Bucket: bucket }), { bucket, signal });
    return describeAcl(output.Owner, output.Grants);
  });
}

export async function setBucketCannedAcl(
  session: S3Session,
  bucket: string,
  acl: CannedAcl,
  signal?: AbortSignal,
): Promise<AclState> {
  return unsupportedOr(async () => {
    await session.send(new PutBucketAclCommand({ Bucket: bucket, ACL: acl }), { bucket, signal });
    return verify(await getBucketAcl(session, bucket, signal), acl);
  });
}

/** Classifies an access control policy. Exported for unit tests. */
export function describeAcl(owner: Owner | undefined, grants: Grant[] | undefined): AclInfo {
  const others = (grants ?? []).filter(
    (g) => !(g.Permission === 'FULL_CONTROL' && g.Grantee?.ID !== undefined && g.Grantee.ID === owner?.ID),
  );
  const isAllUsersRead = (g: Grant) => g.Grantee?.URI === ALL_USERS && g.Permission === 'READ';
  const publicRead = others.some(isAllUsersRead);
  const access: AccessLevel =
    others.length === 0 ? 'private' : others.length === 1 && publicRead ? 'public' : 'custom';
  return { supported: true, access, publicRead, grants: others.map(describeGrant) };
}

function describeGrant(grant: Grant): AclGrant {
  const g = grant.Grantee;
  const permission = grant.Permission ?? 'unknown';
  if (g?.URI) {
    const grantee =
      g.URI === ALL_USERS
        ? 'Everyone (anonymous)'
        : g.URI === AUTHENTICATED_USERS
          ? 'Any signed-in user'
          : (g.URI.split('/').pop() ?? g.URI);
    return { grantee, granteeType: 'group', permission };
  }
  if (g?.EmailAddress) return { grantee: g.EmailAddress, granteeType: 'email', permission };
  return { grantee: g?.DisplayName || g?.ID || 'unknown user', granteeType: 'user', permission };
}

function verify(state: AclState, wanted: CannedAcl): AclState {
  if (!state.supported) return state;
  const matches = wanted === 'public-read' ? state.access === 'public' : state.access === 'private';
  if (matches) return state;
  return {
    supported: false,
    code: 'Ignored',
    reason:
      'The server accepted the change but did not apply it: it ignores ACLs (Cloudflare R2 does this). Share a signed link instead.',
  };
}

/** Runs an ACL call; a server or bucket without ACLs becomes a typed answer instead of an error. */
async function unsupportedOr(call: () => Promise<AclState>): Promise<AclState> {
  try {
    return await call();
  } catch (error) {
    const unsupported = asUnsupported(error);
    if (unsupported) return unsupported;
    throw error;
  }
}

export function asUnsupported(error: unknown): AclUnsupported | null {
  if (!(error instanceof S3AppError)) return null;
  if (error.kind === 'not-implemented' || error.code === 'NotImplemented') {
    return {
      supported: false,
      code: error.code,
      reason:
        'This server does not support ACLs (it answered NotImplemented), so nothing can be made public from here. Share a signed link instead.',
    };
  }
  if (error.code === 'AccessControlListNotSupported') {
    return {
      supported: false,
      code: error.code,
      reason:
        'This bucket has ACLs turned off (Object Ownership: bucket owner enforced). Access is set by bucket policy instead; share a signed link meanwhile.',
    };
  }
  return null;
}
