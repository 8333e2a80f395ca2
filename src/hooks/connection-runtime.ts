/**
 * What a live connection needs: the SDK and everything built on it. The connect screen, what a first visit shows,
 * needs none of it, so this is a chunk of its own, fetched while the form is filled in (see use-session.tsx).
 */
export { listBuckets } from '../s3/buckets';
export { ConnectionServices } from '../s3/connection-services';
export { S3Session } from '../s3/session';
