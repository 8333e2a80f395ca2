import { describe, expect, it } from 'vitest';
import { ALL_USERS, asUnsupported, describeAcl } from './acl';
import { S3AppError } from './errors';

const owner = { ID: 'alice', DisplayName: 'Alice' };
const ownerFull = {
  Grantee: { Type: 'CanonicalUser' as const, ID: 'alice' },
  Permission: 'FULL_CONTROL' as const,
};
const allRead = { Grantee: { Type: 'Group' as const, URI: ALL_USERS }, Permission: 'READ' as const };

describe('describeAcl', () => {
  it('tells private, public and custom apart', () => {
    expect(describeAcl(owner, [ownerFull])).toMatchObject({
      access: 'private',
      publicRead: false,
      grants: [],
    });
    expect(describeAcl(owner, [ownerFull, allRead])).toMatchObject({ access: 'public', publicRead: true });
    const allWrite = { ...allRead, Permission: 'WRITE' as const };
    expect(describeAcl(owner, [ownerFull, allRead, allWrite])).toMatchObject({
      access: 'custom',
      publicRead: true,
      grants: [
        { grantee: 'Everyone (anonymous)', permission: 'READ' },
        { grantee: 'Everyone (anonymous)', permission: 'WRITE' },
      ],
    });
    const bob = {
      Grantee: { Type: 'CanonicalUser' as const, ID: 'bob', DisplayName: 'Bob' },
      Permission: 'READ' as const,
    };
    expect(describeAcl(owner, [ownerFull, bob])).toMatchObject({
      access: 'custom',
      publicRead: false,
      grants: [{ grantee: 'Bob', granteeType: 'user' }],
    });
  });
});

describe('asUnsupported', () => {
  const error = (kind: 'not-implemented' | 'unknown' | 'access-denied', code: string) =>
    new S3AppError(kind, 'm', 'h', { code });
  it('recognises servers and buckets without ACLs, and nothing else', () => {
    expect(asUnsupported(error('not-implemented', 'NotImplemented'))).toMatchObject({
      code: 'NotImplemented',
    });
    expect(asUnsupported(error('unknown', 'AccessControlListNotSupported'))).toMatchObject({
      code: 'AccessControlListNotSupported',
    });
    expect(asUnsupported(error('access-denied', 'AccessDenied'))).toBeNull();
    expect(asUnsupported(new Error('x'))).toBeNull();
  });
});
