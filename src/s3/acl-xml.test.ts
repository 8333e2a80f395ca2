import { describe, expect, it } from 'vitest';
import { parseAccessControlPolicy } from './acl-xml';
import { ALL_USERS, describeAcl } from './acl';

// An RGW answer for an object with public-read, and a grant to an e-mail address (escaped text included).
const PUBLIC = `<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>demo</ID><DisplayName>Demo &amp; co</DisplayName></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>${ALL_USERS}</URI></Grantee><Permission>READ</Permission></Grant><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="AmazonCustomerByEmail"><EmailAddress>a@example.com</EmailAddress></Grantee><Permission>WRITE_ACP</Permission></Grant><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>demo</ID><DisplayName>Demo &amp; co</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`;

describe('parseAccessControlPolicy', () => {
  it('reads the owner and every grant as the SDK would, so the ACL is described the same', () => {
    const read = parseAccessControlPolicy(PUBLIC)!;
    expect(read.owner).toEqual({ ID: 'demo', DisplayName: 'Demo & co' });
    expect(
      read.grants.map((g) => [g.Grantee?.URI ?? g.Grantee?.EmailAddress ?? g.Grantee?.ID, g.Permission]),
    ).toEqual([
      [ALL_USERS, 'READ'],
      ['a@example.com', 'WRITE_ACP'],
      ['demo', 'FULL_CONTROL'],
    ]);
    const acl = describeAcl(read.owner, read.grants);
    expect(acl).toMatchObject({ access: 'custom', publicRead: true });
    expect(acl.grants.map((g) => g.grantee)).toEqual(['Everyone (anonymous)', 'a@example.com']);
  });

  it('leaves anything that is not a whole AccessControlPolicy to the SDK', () => {
    expect(parseAccessControlPolicy('<Error><Code>AccessDenied</Code></Error>')).toBeUndefined();
    expect(parseAccessControlPolicy(PUBLIC.slice(0, -30))).toBeUndefined();
  });
});
