import { useSession } from '../../hooks/use-session';
import { ShortcutSheetButton } from '../shortcuts/ShortcutSheetButton';
import { DisconnectButton } from './DisconnectButton';
import './small-screens.css';

export function TopBar() {
  const { session, notice, dismissNotice } = useSession();
  return (
    <header className="topbar">
      <span className="brand">S3 File Manager</span>
      {session && (
        <>
          <span className="connection" title={`${session.profile.endpoint} · ${session.accessKeyId}`}>
            {session.profile.label}
            <span className="muted"> · {session.accessKeyId}</span>
          </span>
          <DisconnectButton />
        </>
      )}
      <ShortcutSheetButton />
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
