import { useCallback, useState } from 'react';
import {
  forgetSealed,
  loadSealed,
  openCredentials,
  sealCredentials,
  storeSealed,
} from '../s3/credential-vault';
import {
  loadOpenedBuckets,
  loadProfiles,
  rememberOpenedBucket,
  removeProfile,
  saveProfile,
  type SavedProfile,
} from '../s3/profile-store';
import type { ConnectionProfile, Credentials } from '../s3/profile';

/** The connections saved on this device (never a secret in the clear), to pick, save after a connect, or forget. */
export function useSavedProfiles() {
  const [profiles, setProfiles] = useState<SavedProfile[]>(loadProfiles);

  /** Keeps a profile that connected; with a passphrase, its keys too, sealed with it. */
  const save = useCallback(
    async (profile: ConnectionProfile, credentials: Credentials, passphrase?: string) => {
      setProfiles(saveProfile({ ...profile, accessKeyId: credentials.accessKeyId }));
      if (passphrase) storeSealed(profile.id, await sealCredentials(credentials, passphrase));
    },
    [],
  );

  const forget = useCallback((profileId: string) => {
    forgetSealed(profileId);
    setProfiles(removeProfile(profileId));
  }, []);

  return { profiles, save, forget };
}

/** Keys remembered on this device, sealed with a passphrase: whether a profile has them, and opening them. */
export function useSealedKeys() {
  return {
    has: (profileId: string) => loadSealed(profileId) !== null,
    /** Rejects with the vault's error (a wrong passphrase says so). */
    open: async (profileId: string, passphrase: string): Promise<Credentials> => {
      const sealed = loadSealed(profileId);
      if (!sealed) throw new Error('The keys for this connection are no longer on this device.');
      return openCredentials(sealed, passphrase);
    },
  };
}

/** Buckets opened by name with this connection, most recent first. */
export function useOpenedBuckets(connectionId: string) {
  const [opened, setOpened] = useState(() => loadOpenedBuckets(connectionId));
  const remember = useCallback(
    (bucket: string) => setOpened(rememberOpenedBucket(connectionId, bucket)),
    [connectionId],
  );
  return { opened, remember };
}
