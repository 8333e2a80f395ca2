import type { ConnectionProfile, Credentials } from '../s3/profile';
import { S3Session } from '../s3/session';

/** A connection to the sandbox's address, for unit tests that sign and route but send nothing there. */
export const TEST_PROFILE: ConnectionProfile = {
  id: 'test',
  label: 'test',
  endpoint: 'http://127.0.0.1:7480',
  region: 'us-east-1',
  pathStyle: true,
  transport: 'direct',
};
export const TEST_CREDENTIALS: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** A session served from `http://app.test` (its relay at /_relay/s3), without a relay config. */
export const testSession = (profile: Partial<ConnectionProfile> = {}) =>
  new S3Session({ ...TEST_PROFILE, ...profile }, TEST_CREDENTIALS, null, 'http://app.test');
