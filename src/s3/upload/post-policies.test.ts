import { describe, expect, it } from 'vitest';
import { PostPolicies } from './post-policies';
import type { PostTarget } from './post-policy';

const target = (bucket: string, expiresInMs: number): PostTarget => ({
  url: `http://h/${bucket}/`,
  fields: {},
  expiresAt: Date.now() + expiresInMs,
});

describe('PostPolicies', () => {
  it('signs once per bucket, shares a signing under way, and signs again near expiry', async () => {
    const signed: string[] = [];
    let life = 60 * 60_000;
    const policies = new PostPolicies(async (bucket) => {
      signed.push(bucket);
      return target(bucket, life);
    });
    await Promise.all([policies.targetFor('a'), policies.targetFor('a'), policies.targetFor('b')]);
    await policies.targetFor('a');
    expect(signed).toEqual(['a', 'b']);

    life = 5 * 60_000; // inside the renewal margin: the next file must not start on it
    const renewed = new PostPolicies(async (bucket) => (signed.push(bucket), target(bucket, life)));
    await renewed.targetFor('c');
    await renewed.targetFor('c');
    expect(signed.filter((b) => b === 'c')).toHaveLength(2);
  });

  it('forgets a failed signing, and remembers the buckets that refused a form POST', async () => {
    let fail = true;
    const policies = new PostPolicies(async (bucket) => {
      if (fail) throw new Error('no keys');
      return target(bucket, 60 * 60_000);
    });
    await expect(policies.targetFor('a')).rejects.toThrow('no keys');
    fail = false;
    await expect(policies.targetFor('a')).resolves.toMatchObject({ url: 'http://h/a/' });
    expect(policies.refused('a')).toBe(false);
    policies.refuse('a');
    expect(policies.refused('a')).toBe(true);
  });
});
