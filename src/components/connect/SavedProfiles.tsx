import { useState, type FormEvent } from 'react';
import { useSealedKeys } from '../../hooks/use-saved-profiles';
import type { SavedProfile } from '../../s3/profile-store';
import type { Credentials } from '../../s3/profile';

/**
 * Saved connections. One with remembered (encrypted) keys unlocks with its passphrase; the others fill in the
 * form and wait for the secret key.
 */
export function SavedProfiles({
  profiles,
  busy,
  onPick,
  onUnlock,
  onForget,
}: {
  profiles: SavedProfile[];
  busy: boolean;
  onPick: (profile: SavedProfile) => void;
  onUnlock: (profile: SavedProfile, credentials: Credentials) => void;
  onForget: (profile: SavedProfile) => void;
}) {
  const sealed = useSealedKeys();
  if (profiles.length === 0) return null;
  return (
    <section className="card" aria-labelledby="saved-title">
      <h2 id="saved-title">Saved connections</h2>
      <ul className="saved-profiles">
        {profiles.map((p) => (
          <li key={p.id}>
            <div className="saved-line">
              <button type="button" className="link-button" onClick={() => onPick(p)}>
                Use {p.label}
              </button>
              <span className="muted">
                {p.endpoint} · {p.accessKeyId}
              </span>
              <button
                type="button"
                className="quiet"
                aria-label={`Forget ${p.label}`}
                onClick={() => onForget(p)}
              >
                Forget
              </button>
            </div>
            {sealed.has(p.id) && <UnlockForm profile={p} busy={busy} onUnlock={onUnlock} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function UnlockForm({
  profile,
  busy,
  onUnlock,
}: {
  profile: SavedProfile;
  busy: boolean;
  onUnlock: (profile: SavedProfile, credentials: Credentials) => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const sealed = useSealedKeys();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setWorking(true);
    try {
      onUnlock(profile, await sealed.open(profile.id, passphrase));
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not unlock.');
    } finally {
      setWorking(false);
    }
  };
  return (
    <form className="inline-form unlock-form" onSubmit={submit}>
      <label>
        Passphrase for {profile.label}
        <input
          type="password"
          autoComplete="off"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      <button type="submit" disabled={!passphrase || working || busy}>
        {working ? 'Unlocking…' : 'Unlock and connect'}
      </button>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
