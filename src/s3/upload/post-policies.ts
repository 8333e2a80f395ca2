import type { PostTarget } from './post-policy';

/** A policy is replaced this long before it expires, so a slow file never starts on an expired one. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/**
 * One connection's signed POST policies, one per folder of a bucket (see post-policy.ts), and the buckets that
 * refused a form POST (their small files go as PUTs from then on).
 */
export class PostPolicies {
  private readonly targets = new Map<string, Promise<PostTarget>>();
  private readonly refusedBuckets = new Set<string>();

  constructor(private readonly sign: (bucket: string, folder: string) => Promise<PostTarget>) {}

  /** The current policy for keys under `folder`, signed again when it nears expiry; a signing under way is shared. */
  targetFor(bucket: string, folder: string): Promise<PostTarget> {
    const slot = `${bucket}/${folder}`;
    const cached = this.targets.get(slot);
    if (!cached) return this.renew(slot, bucket, folder);
    return cached.then((target) =>
      target.expiresAt - RENEW_BEFORE_MS > Date.now() ? target : this.renew(slot, bucket, folder),
    );
  }

  refuse(bucket: string): void {
    this.refusedBuckets.add(bucket);
  }

  refused(bucket: string): boolean {
    return this.refusedBuckets.has(bucket);
  }

  private renew(slot: string, bucket: string, folder: string): Promise<PostTarget> {
    const made = this.sign(bucket, folder);
    this.targets.set(slot, made);
    made.catch(() => this.targets.delete(slot));
    return made;
  }
}
