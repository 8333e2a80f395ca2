import { useState, type FormEvent } from 'react';
import { useOtherConnections } from '../../hooks/use-transfer-jobs';
import type { OtherConnection } from '../../s3/copy/transfer-jobs';
import type { SavedProfile } from '../../s3/profile-store';

/**
 * Which connection a copy or move goes to: this one, or another saved connection. One not opened yet asks, in
 * place, for its passphrase (keys remembered on this device) or its secret key.
 */
export function DestinationConnection({
  currentLabel,
  chosen,
  onChange,
}: {
  currentLabel: string;
  /** The other connection picked, opened or not yet; undefined for this connection. */
  chosen: { profileId: string; opened?: OtherConnection } | undefined;
  onChange: (chosen: { profileId: string; opened?: OtherConnection } | undefined) => void;
}) {
  const connections = useOtherConnections();
  if (connections.choices.length === 0) return null;
  const profile = connections.choices.find((p) => p.id === chosen?.profileId);
  return (
    <div className="destination-connection">
      <label>
        Destination connection
        <select
          value={chosen?.profileId ?? ''}
          onChange={(event) => {
            const id = event.target.value;
            onChange(id ? { profileId: id, opened: connections.opened(id) } : undefined);
          }}
        >
          <option value="">This connection ({currentLabel})</option>
          {connections.choices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label} ({p.accessKeyId})
            </option>
          ))}
        </select>
      </label>
      {profile && !chosen?.opened && (
        <UnlockConnection
          profile={profile}
          sealed={connections.isSealed(profile)}
          onUnlock={(secret) => connections.unlock(profile, secret)}
          onOpened={(opened) => onChange({ profileId: profile.id, opened })}
        />
      )}
    </div>
  );
}

/** What a copy across connections carries, and that the page must stay open. */
export function ThroughPageNote() {
  return (
    <p className="notice" role="note">
      The bytes go through this page, so keep it open until the job is done. Content-Type, metadata and tags
      go along and a public file stays public; other permissions are the destination bucket’s defaults.
    </p>
  );
}

/**
 * Opens another saved connection in place: its passphrase (keys remembered on this device) or its secret key.
 * For a copy's destination and for a paste's source.
 */
export function UnlockConnection({
  profile,
  sealed,
  onUnlock,
  onOpened,
}: {
  profile: SavedProfile;
  sealed: boolean;
  onUnlock: (secret: string) => Promise<OtherConnection>;
  onOpened: (connection: OtherConnection) => void;
}) {
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setWorking(true);
    try {
      onOpened(await onUnlock(secret));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not open this connection.');
      setWorking(false);
    }
  };
  return (
    <form className="inline-form unlock-destination" onSubmit={submit}>
      <label>
        {sealed ? `Passphrase for ${profile.label}` : `Secret key for ${profile.label}`}
        <input
          type="password"
          autoComplete="off"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          autoFocus
        />
      </label>
      <button type="submit" disabled={!secret || working}>
        {working ? 'Opening…' : sealed ? 'Unlock' : 'Open'}
      </button>
      <p className="muted">
        {sealed
          ? 'Its keys are remembered on this device, encrypted with this passphrase.'
          : 'Its keys are not remembered on this device: the app keeps them in memory until you disconnect.'}
      </p>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
