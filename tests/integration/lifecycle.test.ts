import { GetBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { getLifecycleRules, putLifecycleRules } from '../../src/s3/lifecycle';
import { describeRule, ruleFromTemplate } from '../../src/s3/lifecycle-rules';
import { adminClient, makeSession, rejection } from './sandbox';
import { withVersionedBucket } from './versions-helpers';

describe('lifecycle rules', () => {
  it('puts rules from each template, reads them back in the shape they were sent, removes one, then all', async () => {
    await withVersionedBucket(async (bucket) => {
      const session = makeSession();
      expect(await getLifecycleRules(session, bucket)).toEqual([]);
      const rules = [
        ruleFromTemplate('noncurrent', { id: 'old-versions', days: 30 }),
        ruleFromTemplate('abort-multipart', { id: 'abort', days: 7 }),
        ruleFromTemplate('expire-prefix', { id: 'logs', days: 90, prefix: 'logs/ & tmp/' }),
      ];
      await putLifecycleRules(session, bucket, rules);
      const read = await getLifecycleRules(session, bucket);
      expect(read.map((r) => [r.ID, r.Filter, r.Status])).toEqual([
        ['abort', { Prefix: '' }, 'Enabled'],
        ['logs', { Prefix: 'logs/ & tmp/' }, 'Enabled'],
        ['old-versions', { Prefix: '' }, 'Enabled'],
      ]);
      expect(read.map(describeRule)).toEqual([
        'Whole bucket: unfinished multipart uploads are aborted 7 days after they start.',
        'Under “logs/ & tmp/”: objects expire 90 days after they are written.',
        'Whole bucket: noncurrent versions are deleted for good 30 days after they are replaced.',
      ]);
      // What is read back can be sent back unchanged.
      await putLifecycleRules(
        session,
        bucket,
        read.filter((r) => r.ID !== 'abort'),
      );
      const raw = await adminClient().send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      expect(raw.Rules?.map((r) => r.ID)).toEqual(['logs', 'old-versions']);
      await putLifecycleRules(session, bucket, []);
      expect(await getLifecycleRules(session, bucket)).toEqual([]);
    });
  });

  it('refuses before any request: days below 1, duplicate IDs, an object-size filter', async () => {
    await withVersionedBucket(async (bucket) => {
      const session = makeSession();
      const zero = await rejection(
        putLifecycleRules(session, bucket, [ruleFromTemplate('noncurrent', { id: 'a', days: 0 })]),
      );
      expect([zero.kind, zero.message]).toEqual([
        'invalid-lifecycle',
        'Rule “a”: days must be a whole number of at least 1.',
      ]);
      const twice = ruleFromTemplate('abort-multipart', { id: 'same', days: 1 });
      expect((await rejection(putLifecycleRules(session, bucket, [twice, twice]))).message).toContain(
        'unique',
      );
      const sized = { ...twice, Filter: { ObjectSizeGreaterThan: 1000 } };
      expect((await rejection(putLifecycleRules(session, bucket, [sized]))).message).toContain(
        'whole bucket',
      );
      expect(await getLifecycleRules(session, bucket)).toEqual([]);
    });
  });
});
