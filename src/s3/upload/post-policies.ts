import type { PostTarget } from './post-policy';

/** A policy is replaced this long before it expires, so a slow file never starts on an expired one. */
const RENEW_BEFORE_MS = 10 * 60 * 1000;

/**
 * One connection's signed POST policies, one per bucket (see post-policy.ts), and the buckets that refused a
 * form POST (their small files go as PUTs from then on).
 */
export class PostPolicies {
  private readonly targets = new Map<string, Promise<PostTarget>>();
  private readonly refusedBuckets = new Set<string>();

  constructor(private readonly sign: (bucket: string) => Promise<PostTarget>) {}

  /** The bucket's current policy, signed again when it nears expiry; a signing under way is shared. */
  targetFor(bucket: string): Promise<PostTarget> {
    const cached = this.targets.get(bucket);
    if (!cached) return this.renew(bucket);
    return cached.then((target) =>
      target.expiresAt - RENEW_BEFORE_MS > Date.now() ? target : this.renew(bucket),
    );
  }

  refuse(bucket: string): void {
    this.refusedBuckets.add(bucket);
  }

  refused(bucket: string): boolean {
    return this.refusedBuckets.has(bucket);
  }

  private renew(bucket: string): Promise<PostTarget> {
    const made = this.sign(bucket);
    this.targets.set(bucket, made);
    made.catch(() => this.targets.delete(bucket));
    return made;
  }
}
