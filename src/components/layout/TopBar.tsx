import { useSession } from '../../hooks/use-session';

export function TopBar() {
  const { session, disconnect, notice, dismissNotice } = useSession();
  return (
    <header className="topbar">
      <span className="brand">S3 File Manager</span>
      {session && (
        <>
          <span className="connection" title={`${session.profile.endpoint} · ${session.accessKeyId}`}>
            {session.profile.label}
            <span className="muted"> · {session.accessKeyId}</span>
          </span>
          <button type="button" onClick={disconnect}>
            Disconnect
          </button>
        </>
      )}
      {notice && (
        <div className="topbar-notice" role="status">
          {notice}
          <button type="button" className="quiet" onClick={dismissNotice} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      )}
    </header>
  );
}
