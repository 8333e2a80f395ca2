import { useState, type FormEvent } from 'react';
import { useConnect } from '../../hooks/use-connect';
import { useRelayConfig } from '../../hooks/use-relay-config';
import { useSavedProfiles } from '../../hooks/use-saved-profiles';
import type { SavedProfile } from '../../s3/profile-store';
import { checkEndpoint, DEFAULT_REGION, profileId, type Credentials, type Transport } from '../../s3/profile';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SavedProfiles } from './SavedProfiles';

interface FormState {
  label: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  pathStyle: boolean;
  transport: Transport;
  save: boolean;
  remember: boolean;
  passphrase: string;
}

const EMPTY: FormState = {
  label: '',
  endpoint: '',
  region: DEFAULT_REGION,
  accessKeyId: '',
  secretAccessKey: '',
  sessionToken: '',
  pathStyle: true,
  transport: 'auto',
  save: true,
  remember: false,
  passphrase: '',
};

/** Long enough that PBKDF2 has something to stretch; the rest is the user's choice. */
const MIN_PASSPHRASE = 8;

/** AWS's own endpoints work best virtual-hosted; every other S3 server (RGW, MinIO, ...) needs path-style. */
const prefersPathStyle = (endpoint: string) => !/\.amazonaws\.com(\.cn)?\/?$/i.test(endpoint.trim());

export function ConnectScreen() {
  const relay = useRelayConfig().data ?? null;
  const connect = useConnect();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [pathStyleTouched, setPathStyleTouched] = useState(false);
  const [endpointProblem, setEndpointProblem] = useState<string | null>(null);
  const saved = useSavedProfiles();
  const [passphraseProblem, setPassphraseProblem] = useState<string | null>(null);

  const update = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const submit = (state: FormState) => {
    const checked = checkEndpoint(state.endpoint);
    if (!checked.ok) {
      setEndpointProblem(checked.problem);
      return;
    }
    setEndpointProblem(null);
    const accessKeyId = state.accessKeyId.trim();
    const profile = {
      id: profileId(checked.endpoint, accessKeyId),
      label: state.label.trim() || new URL(checked.endpoint).host,
      endpoint: checked.endpoint,
      region: state.region.trim() || DEFAULT_REGION,
      pathStyle: state.pathStyle,
      transport: state.transport,
    };
    const credentials = {
      accessKeyId,
      secretAccessKey: state.secretAccessKey.trim(),
      sessionToken: state.sessionToken.trim() || undefined,
    };
    if (state.remember && state.passphrase.length < MIN_PASSPHRASE) {
      setPassphraseProblem(
        `Choose a passphrase of at least ${MIN_PASSPHRASE} characters to encrypt the keys.`,
      );
      return;
    }
    setPassphraseProblem(null);
    connect.mutate(
      { profile, credentials },
      {
        onSuccess: () => {
          if (state.save || state.remember)
            void saved.save(profile, credentials, state.remember ? state.passphrase : undefined);
        },
      },
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(form);
  };

  const pickProfile = (p: SavedProfile) => {
    setForm({ ...EMPTY, ...p, secretAccessKey: '', sessionToken: '' });
    setPathStyleTouched(true);
    connect.reset();
  };

  const unlock = (p: SavedProfile, credentials: Credentials) => {
    const { id, label, endpoint, region, pathStyle, transport } = p;
    connect.mutate({ profile: { id, label, endpoint, region, pathStyle, transport }, credentials });
  };

  const sandbox = relay?.sandbox;
  const connectSandbox = () => {
    if (!sandbox) return;
    const state: FormState = {
      ...EMPTY,
      label: sandbox.label,
      endpoint: sandbox.endpoint,
      region: sandbox.region,
      accessKeyId: sandbox.accessKey,
      secretAccessKey: sandbox.secretKey,
    };
    setForm(state);
    submit(state);
  };

  return (
    <div className="connect-scroll">
      <main className="connect">
        <h1>Connect to S3 storage</h1>
        <p className="lead">
          Your keys stay in this browser tab: every request is signed here and the secret is never sent
          anywhere.
        </p>
        {sandbox && (
          <section className="card sandbox-card" aria-labelledby="sandbox-title">
            <h2 id="sandbox-title">{sandbox.label}</h2>
            <p>
              A Ceph RGW running on this machine at <code>{sandbox.endpoint}</code>, with a demo bucket.
            </p>
            <button type="button" onClick={connectSandbox} disabled={connect.isPending}>
              Connect to the local sandbox
            </button>
          </section>
        )}
        <SavedProfiles
          profiles={saved.profiles}
          busy={connect.isPending}
          onPick={pickProfile}
          onUnlock={unlock}
          onForget={(p) => saved.forget(p.id)}
        />
        <form className="card connect-form" onSubmit={onSubmit} noValidate>
          <label>
            Endpoint
            <input
              name="endpoint"
              type="url"
              inputMode="url"
              autoComplete="url"
              placeholder="https://s3.example.com"
              value={form.endpoint}
              aria-invalid={endpointProblem ? true : undefined}
              aria-describedby={endpointProblem ? 'endpoint-problem' : undefined}
              onChange={(e) => {
                const endpoint = e.target.value;
                setForm((f) => ({
                  ...f,
                  endpoint,
                  pathStyle: pathStyleTouched ? f.pathStyle : prefersPathStyle(endpoint),
                }));
              }}
              required
            />
          </label>
          {endpointProblem && (
            <p id="endpoint-problem" className="field-problem" role="alert">
              {endpointProblem}
            </p>
          )}
          <div className="row">
            <label>
              Region
              <input name="region" value={form.region} onChange={(e) => update('region', e.target.value)} />
            </label>
            <label>
              Label (optional)
              <input name="label" value={form.label} onChange={(e) => update('label', e.target.value)} />
            </label>
          </div>
          <label>
            Access key
            <input
              name="accessKey"
              autoComplete="username"
              spellCheck={false}
              value={form.accessKeyId}
              onChange={(e) => update('accessKeyId', e.target.value)}
              required
            />
          </label>
          <label>
            Secret key
            <input
              name="secretKey"
              type="password"
              autoComplete="current-password"
              spellCheck={false}
              value={form.secretAccessKey}
              onChange={(e) => update('secretAccessKey', e.target.value)}
              required
            />
          </label>
          <details>
            <summary>More options</summary>
            <label>
              Session token (temporary credentials)
              <input
                name="sessionToken"
                type="password"
                spellCheck={false}
                value={form.sessionToken}
                onChange={(e) => update('sessionToken', e.target.value)}
              />
            </label>
            <label htmlFor="transport">Connection</label>
            <select
              id="transport"
              name="transport"
              value={form.transport}
              onChange={(e) => update('transport', e.target.value as Transport)}
            >
              <option value="auto">Auto: direct, relay when the endpoint refuses CORS</option>
              <option value="direct">Direct from this browser</option>
              <option value="relay">Through this app&rsquo;s relay</option>
            </select>
          </details>
          <label className="check">
            <input
              type="checkbox"
              checked={form.pathStyle}
              onChange={(e) => {
                setPathStyleTouched(true);
                update('pathStyle', e.target.checked);
              }}
            />
            Path-style addressing (needed by Ceph RGW and MinIO)
          </label>
          <label className="check">
            <input type="checkbox" checked={form.save} onChange={(e) => update('save', e.target.checked)} />
            Save this connection on this device (never the secret)
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.remember}
              onChange={(e) => update('remember', e.target.checked)}
            />
            Remember the keys on this device, encrypted with a passphrase
          </label>
          {form.remember && (
            <label>
              Passphrase (never stored; needed to unlock the keys later)
              <input
                name="passphrase"
                type="password"
                autoComplete="new-password"
                value={form.passphrase}
                aria-invalid={passphraseProblem ? true : undefined}
                onChange={(e) => update('passphrase', e.target.value)}
              />
            </label>
          )}
          {passphraseProblem && (
            <p className="field-problem" role="alert">
              {passphraseProblem}
            </p>
          )}
          {connect.error && <ErrorNotice title="Could not connect" error={connect.error} />}
          <button type="submit" className="primary" disabled={connect.isPending}>
            {connect.isPending ? 'Connecting…' : 'Connect'}
          </button>
        </form>
      </main>
    </div>
  );
}
