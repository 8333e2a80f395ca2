import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConnectionServices } from '../s3/connection-services';
import { loadSession, storeSession } from '../s3/profile-store';
import type { ConnectionProfile, Credentials } from '../s3/profile';
import type { RelayConfig } from '../s3/relay';
import { S3Session } from '../s3/session';
import { watchTransfers } from './watch-transfers';
import { watchUploads } from './watch-uploads';

interface SessionContextValue {
  session: S3Session | null;
  /** The live connection's services (upload queue, ACL knowledge, listing option); null when disconnected. */
  services: ConnectionServices | null;
  /** A one-line notice for the user, e.g. that auto mode switched to the relay. */
  notice: string | null;
  dismissNotice: () => void;
  open: (profile: ConnectionProfile, credentials: Credentials) => S3Session;
  /** Makes `session` the live connection (after Connect has checked it). */
  activate: (session: S3Session, credentials: Credentials) => void;
  disconnect: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/**
 * Owns the live connection: makes its services when it starts (or when a reload restores it) and disposes them
 * when it ends, so nothing of a connection outlives it.
 */
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
  const [services, setServices] = useState<ConnectionServices | null>(() => {
    const stored = loadSession();
    return stored ? new ConnectionServices(open(stored.profile, stored.credentials)) : null;
  });

  const activate = useCallback((next: S3Session, credentials: Credentials) => {
    storeSession({ profile: next.profile, credentials });
    setServices(new ConnectionServices(next));
  }, []);

  const disconnect = useCallback(() => {
    storeSession(null);
    setServices(null);
    setNotice(null);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => {
    if (!services) return;
    const id = connectionId(services.session);
    const stopWatching = watchUploads(services.uploads, id, queryClient);
    const stopTransfers = watchTransfers(services.transfers, id, queryClient);
    return () => {
      stopWatching();
      stopTransfers();
      services.dispose();
    };
  }, [services, queryClient]);

  const value = useMemo(
    () => ({
      session: services?.session ?? null,
      services,
      notice,
      dismissNotice: () => setNotice(null),
      open,
      activate,
      disconnect,
    }),
    [services, notice, open, activate, disconnect],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The live connection's services; only for views that are shown while connected. */
export function useConnectionServices(): ConnectionServices {
  const { services } = useSession();
  if (!services) throw new Error('Not connected');
  return services;
}

/** The live connection; only for views that are shown while connected. */
export function useConnectedSession(): S3Session {
  return useConnectionServices().session;
}

/** A stable id for query keys: endpoint and access key, never the secret. */
export const connectionId = (session: S3Session) => `${session.profile.endpoint}|${session.accessKeyId}`;
