import type { AclState, AclUnsupported } from './acl';
import { createLimiter } from './limit';

/** GetObjectAcl requests in flight at once for one connection, however many rows are on screen. */
const ACL_CONCURRENCY = 4;

/** What one connection has learned about ACLs, and the queue its ACL reads wait in. */
export class AclCapabilities {
  /** Runs ACL reads ACL_CONCURRENCY at a time; a read whose signal aborts before its turn never starts. */
  readonly limit = createLimiter(ACL_CONCURRENCY);
  private publicConfirmed = false;
  private readonly unsupportedBuckets = new Map<string, AclUnsupported>();

  /** Set when the bucket is known to lack ACLs: further rows get this answer without asking the server. */
  unsupported(bucket: string): AclUnsupported | undefined {
    return this.unsupportedBuckets.get(bucket);
  }

  /** Whether the user still has to confirm what "public" means (asked once per connection). */
  publicConsentNeeded(): boolean {
    return !this.publicConfirmed;
  }

  givePublicConsent(): void {
    this.publicConfirmed = true;
  }

  /** Keeps what an answer says about the bucket's support; returns the answer. */
  remember(bucket: string, state: AclState): AclState {
    if (!state.supported) this.unsupportedBuckets.set(bucket, state);
    return state;
  }
}
