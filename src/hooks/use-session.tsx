import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConnectionServices } from '../s3/connection-services';
import { loadSession, storeSession } from '../s3/profile-store';
import type { ConnectionProfile, Credentials } from '../s3/profile';
import type { RelayConfig } from '../s3/relay';
import type { S3Session } from '../s3/session';
import { connectionId } from './query-keys';
import { watchTransfers } from './watch-transfers';
import { watchUploads } from './watch-uploads';

let runtime: Promise<typeof import('./connection-runtime')> | undefined;

/** The connection's code (see connection-runtime.ts), loaded once; a failed load (a network blip) is tried again. */
export function loadConnectionRuntime() {
  runtime ??= import('./connection-runtime');
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

interface SessionContextValue {
  session: S3Session | null;
  /** The live connection's services (upload queue, ACL knowledge, listing option); null when disconnected. */
  services: ConnectionServices | null;
  /** Where auto mode found the relay needed: '' for account-level calls, else bucket names (first seen first). */
  relayed: readonly string[];
  open: (profile: ConnectionProfile, credentials: Credentials) => Promise<S3Session>;
  /** Makes `session` the live connection (after Connect has checked it). */
  activate: (session: S3Session, credentials: Credentials) => Promise<void>;
  disconnect: () => void;
}

const NONE: readonly string[] = [];

const SessionContext = createContext<SessionContextValue | null>(null);

/**
 * Owns the live connection: makes its services when it starts (or when a reload restores it) and disposes them
 * when it ends, so nothing of a connection outlives it.
 */
export function SessionProvider({ relay, children }: { relay: RelayConfig | null; children: ReactNode }) {
  const queryClient = useQueryClient();
  // Kept with the session they belong to, so a failed attempt's scopes never show on the next connection.
  const [relayedBy, setRelayedBy] = useState<{ session: S3Session; scopes: readonly string[] } | null>(null);

  const open = useCallback(
    async (profile: ConnectionProfile, credentials: Credentials) => {
      const { S3Session } = await loadConnectionRuntime();
      const session = new S3Session(profile, credentials, relay);
      session.onRelaySwitch = (scope) =>
        setRelayedBy((last) => {
          const scopes = last?.session === session ? last.scopes : [];
          return scopes.includes(scope) ? last : { session, scopes: [...scopes, scope] };
        });
      return session;
    },
    [relay],
  );

  const [services, setServices] = useState<ConnectionServices | null>(null);
  // A reload restores the tab's live connection (the secret is in sessionStorage only); nothing is drawn until
  // then, so the connect screen does not flash.
  const [restoring, setRestoring] = useState(() => loadSession() !== null);

  useEffect(() => {
    const stored = loadSession();
    if (!stored) {
      void loadConnectionRuntime().catch(() => {}); // ready by the time Connect is pressed
      return;
    }
    let cancelled = false;
    void Promise.all([open(stored.profile, stored.credentials), loadConnectionRuntime()])
      .then(([session, { ConnectionServices }]) => {
        if (cancelled) session.destroy();
        else setServices(new ConnectionServices(session));
      })
      .catch(() => {}) // the connect screen shows; connecting again loads the code again
      .finally(() => cancelled || setRestoring(false));
    return () => {
      cancelled = true;
    };
  }, [open]);

  const activate = useCallback(async (next: S3Session, credentials: Credentials) => {
    const { ConnectionServices } = await loadConnectionRuntime();
    storeSession({ profile: next.profile, credentials });
    setServices(new ConnectionServices(next));
  }, []);

  const disconnect = useCallback(() => {
    storeSession(null);
    setServices(null);
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
      relayed: relayedBy && relayedBy.session === services?.session ? relayedBy.scopes : NONE,
      open,
      activate,
      disconnect,
    }),
    [services, relayedBy, open, activate, disconnect],
  );
  return <SessionContext.Provider value={value}>{!restoring && children}</SessionContext.Provider>;
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

/** Where a connection's query keys start; here too because most hooks take it with the session. */
export { connectionId };
