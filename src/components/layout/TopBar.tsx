import { useSession } from '../../hooks/use-session';
import { ShortcutSheetButton } from '../shortcuts/ShortcutSheetButton';
import { DisconnectButton } from './DisconnectButton';
import { RelayNote } from './RelayNote';
import { ThemeSwitch } from './ThemeSwitch';
import './small-screens.css';

export function TopBar() {
  const { session, relayed } = useSession();
  return (
    <header className="topbar">
      <span className="brand">S3 File Manager</span>
      {session && (
        <span className="connection" title={`${session.profile.endpoint} · ${session.accessKeyId}`}>
          {session.profile.label}
          <span className="muted"> · {session.accessKeyId}</span>
        </span>
      )}
      {session && <RelayNote endpoint={session.profile.endpoint} relayed={relayed} />}
      <ShortcutSheetButton />
      <ThemeSwitch />
      {session && <DisconnectButton />}
    </header>
  );
}
