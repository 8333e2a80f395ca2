import { AclCapabilities } from './acl-capabilities';
import { UnorderedListingOption } from './listing-options';
import type { S3Session } from './session';
import { TransferJobs } from './copy/transfer-jobs';
import { parseUploadTuning, UPLOAD_TUNING_KEY } from './upload/tuning';
import { UploadQueue } from './upload/upload-queue';
import { VersionJobs } from './versions/version-jobs';

/**
 * Everything that lives as long as one connection: its session (the door to S3), its upload queue (which owns
 * the POST policies), its copy and move jobs, what it learned about ACLs and the listing option. Made when a connection is activated and
 * disposed when it ends, by the session provider (hooks/use-session.tsx); nothing of a connection is kept
 * anywhere else.
 */
export class ConnectionServices {
  readonly uploads: UploadQueue;
  readonly transfers: TransferJobs;
  /** Undelete and folder-restore jobs, shown in the same jobs panel. */
  readonly versionJobs = new VersionJobs();
  readonly acl = new AclCapabilities();
  readonly unorderedListing = new UnorderedListingOption();

  constructor(readonly session: S3Session) {
    this.uploads = new UploadQueue(session, parseUploadTuning(readStorage(UPLOAD_TUNING_KEY)));
    this.transfers = new TransferJobs(session);
  }

  /** Stops every upload and job and drops the clients; the keys go with the session. */
  dispose(): void {
    this.uploads.destroy();
    this.transfers.destroy();
    this.versionJobs.destroy();
    this.session.destroy();
  }
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled by the browser's settings
  }
}
