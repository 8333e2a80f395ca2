import { describe, expect, it } from 'vitest';
import type { AclState } from './acl';
import { AclCapabilities } from './acl-capabilities';

describe('AclCapabilities', () => {
  it('remembers buckets without ACLs, and asks for public consent once', () => {
    const acl = new AclCapabilities();
    const unsupported = {
      supported: false,
      reason: 'This server does not support ACLs.',
    } as unknown as AclState;
    const supported = { supported: true, access: 'private', publicRead: false, grants: [] } as AclState;
    expect(acl.remember('a', supported)).toBe(supported);
    expect(acl.unsupported('a')).toBeUndefined();
    acl.remember('b', unsupported);
    expect(acl.unsupported('b')).toBe(unsupported);

    expect(acl.publicConsentNeeded()).toBe(true);
    acl.givePublicConsent();
    expect(acl.publicConsentNeeded()).toBe(false);
  });

  it('runs reads a few at a time', async () => {
    const acl = new AclCapabilities();
    let running = 0;
    let peak = 0;
    const read = () =>
      acl.limit(async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      });
    await Promise.all(Array.from({ length: 10 }, read));
    expect(peak).toBe(4);
  });
});
