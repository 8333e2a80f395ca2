import {
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
} from '@aws-sdk/client-s3';
import { S3AppError } from './errors';
import { lifecycleProblems, normalizeRules, type LifecycleRuleInput } from './lifecycle-rules';
import type { S3Session } from './session';

/** The bucket's lifecycle rules in one shape (see normalizeRules); none when it has no configuration. */
export async function getLifecycleRules(
  session: S3Session,
  bucket: string,
  signal?: AbortSignal,
): Promise<LifecycleRuleInput[]> {
  try {
    const output = await session.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }), {
      bucket,
      signal,
    });
    return normalizeRules(output.Rules ?? []);
  } catch (error) {
    if (error instanceof S3AppError && error.code === 'NoSuchLifecycleConfiguration') return [];
    throw error;
  }
}

/**
 * Replaces the bucket's rules with `rules` (S3 has no call for one rule): checked first, never sent with a
 * problem; no rules at all removes the configuration.
 */
export async function putLifecycleRules(
  session: S3Session,
  bucket: string,
  rules: LifecycleRuleInput[],
  signal?: AbortSignal,
): Promise<void> {
  const problems = lifecycleProblems(rules);
  if (problems.length) {
    throw new S3AppError('invalid-lifecycle', problems.join(' '), 'Correct the rule, then save again.', {
      code: 'InvalidLifecycleRule',
    });
  }
  try {
    if (!rules.length) {
      await session.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }), { bucket, signal });
      return;
    }
    await session.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: rules },
      }),
      { bucket, signal },
    );
  } catch (error) {
    if (error instanceof S3AppError && /^(MalformedXML|InvalidArgument|InvalidRequest)$/.test(error.code)) {
      throw new S3AppError(
        'invalid-lifecycle',
        `The server refused these lifecycle rules (${error.code}).`,
        'Check each rule’s days, dates and prefix; the rules in place were not changed.',
        error,
      );
    }
    throw error;
  }
}
