import { describe, expect, it } from 'vitest';
import { PostPolicies } from './post-policies';
import type { PostTarget } from './post-policy';

const target = (bucket: string, folder: string, expiresInMs: number): PostTarget => ({
  url: `http://h/${bucket}/`,
  fields: { folder },
  expiresAt: Date.now() + expiresInMs,
});

describe('PostPolicies', () => {
  it('signs once per folder of a bucket and shares a signing under way', async () => {
    const signed: string[] = [];
    const policies = new PostPolicies(async (bucket, folder) => {
      signed.push(`${bucket}/${folder}`);
      return target(bucket, folder, 10 * 60_000);
    });
    await Promise.all([
      policies.targetFor('a', 'docs/'),
      policies.targetFor('a', 'docs/'),
      policies.targetFor('a', ''),
      policies.targetFor('b', 'docs/'),
    ]);
    await policies.targetFor('a', 'docs/');
    expect(signed).toEqual(['a/docs/', 'a/', 'b/docs/']);
  });

  it('signs again when a policy nears its expiry, so no file starts on an expired one', async () => {
    let signings = 0;
    const policies = new PostPolicies(async (bucket, folder) => (signings++, target(bucket, folder, 60_000)));
    await policies.targetFor('a', '');
    await policies.targetFor('a', '');
    expect(signings).toBe(2);
  });

  it('forgets a failed signing, and remembers the buckets that refused a form POST', async () => {
    let fail = true;
    const policies = new PostPolicies(async (bucket, folder) => {
      if (fail) throw new Error('no keys');
      return target(bucket, folder, 10 * 60_000);
    });
    await expect(policies.targetFor('a', '')).rejects.toThrow('no keys');
    fail = false;
    await expect(policies.targetFor('a', '')).resolves.toMatchObject({ url: 'http://h/a/' });
    expect(policies.refused('a')).toBe(false);
    policies.refuse('a');
    expect(policies.refused('a')).toBe(true);
  });
});
