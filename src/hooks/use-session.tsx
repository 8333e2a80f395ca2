import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { loadSession, storeSession } from '../s3/profile-store';
import type { ConnectionProfile, Credentials } from '../s3/profile';
import type { RelayConfig } from '../s3/relay';
import { S3Session } from '../s3/session';

interface SessionContextValue {
  session: S3Session | null;
  /** A one-line notice for the user, e.g. that auto mode switched to the relay. */
  notice: string | null;
  dismissNotice: () => void;
  open: (profile: ConnectionProfile, credentials: Credentials) => S3Session;
  /** Makes `session` the live connection (after Connect has checked it). */
  activate: (session: S3Session, credentials: Credentials) => void;
  disconnect: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ relay, children }: { relay: RelayConfig | null; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);

  const open = useCallback(
    (profile: ConnectionProfile, credentials: Credentials) => {
      const session = new S3Session(profile, credentials, relay);
      session.onRelaySwitch = (scope) =>
        setNotice(
          `${profile.endpoint} refused this page (CORS) for ${scope ? `bucket "${scope}"` : 'account-level calls'}, so those requests now go through this app\u2019s relay. Your secret key stays in this browser.`,
        );
      return session;
    },
    [relay],
  );

  // Restore the tab's live connection after a reload: the secret is in sessionStorage only.
  const [session, setSession] = useState<S3Session | null>(() => {
    const stored = loadSession();
    return stored ? open(stored.profile, stored.credentials) : null;
  });

  const activate = useCallback((next: S3Session, credentials: Credentials) => {
    storeSession({ profile: next.profile, credentials });
    setSession(next);
  }, []);

  const disconnect = useCallback(() => {
    storeSession(null);
    setSession((current) => {
      current?.destroy();
      return null;
    });
    setNotice(null);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => () => session?.destroy(), [session]);

  const value = useMemo(
    () => ({ session, notice, dismissNotice: () => setNotice(null), open, activate, disconnect }),
    [session, notice, open, activate, disconnect],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The live connection; only for views that are shown while connected. */
export function useConnectedSession(): S3Session {
  const { session } = useSession();
  if (!session) throw new Error('Not connected');
  return session;
}

/** A stable id for query keys: endpoint and access key, never the secret. */
export const connectionId = (session: S3Session) => `${session.profile.endpoint}|${session.accessKeyId}`;
