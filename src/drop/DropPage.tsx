import { useEffect, useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { collectFromDataTransfer, collectFromFileList } from '../lib/collect-files';
import {
  acceptFor,
  decodeFileRequest,
  describeTypes,
  formatSize,
  type FileRequest,
} from '../s3/file-request-link';
import { useDropUploads, type DropItem } from './use-drop-uploads';

/** What someone without keys sees when they open a file request link. */
export function DropPage({ fragment }: { fragment: string }) {
  const [decoded] = useState(() => decodeFileRequest(fragment));
  const now = useNow();
  if (!decoded.ok) {
    return (
      <Shell title="This link is damaged">
        <p role="alert">
          This upload link cannot be used: {decoded.problem}. It may have been cut off when it was copied. Ask
          the person who sent it for the link again.
        </p>
      </Shell>
    );
  }
  return <DropArea request={decoded.request} now={now} />;
}

function ExpiredPage({ request }: { request: FileRequest }) {
  return (
    <Shell title="This link has expired">
      <p role="alert">
        This upload link stopped working on {formatMoment(request.expiresAt)}. Ask the person who sent it for
        a new one.
      </p>
    </Shell>
  );
}

function DropArea({ request, now }: { request: FileRequest; now: number }) {
  const uploads = useDropUploads(request);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void collectFromDataTransfer(event.dataTransfer).then(uploads.add);
  };
  const done = uploads.items.filter((item) => item.state === 'done').length;
  const sending = uploads.items.some((item) => item.state === 'sending' || item.state === 'waiting');
  useLeaveWarning(sending);
  // Files already on their way finish (S3 checks the expiry when a request starts); new ones cannot start.
  const expired = now >= request.expiresAt;
  if (expired && uploads.items.length === 0) return <ExpiredPage request={request} />;

  return (
    <Shell title={request.label || 'Send files'}>
      <dl className="drop-limits" aria-label="What this link accepts">
        <div>
          <dt>Largest file</dt>
          <dd>{formatSize(request.maxBytes)}</dd>
        </div>
        <div>
          <dt>Types</dt>
          <dd>{describeTypes(request.contentType)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>
            <time
              dateTime={new Date(request.expiresAt).toISOString()}
              title={formatMoment(request.expiresAt)}
            >
              {formatLeft(request.expiresAt - now)}
            </time>
          </dd>
        </div>
      </dl>
      <p className="drop-note muted">
        {request.sessionFolders
          ? 'Your files go into a new folder of their own: nothing already stored there is replaced.'
          : 'A file with the same name as one already there replaces it.'}{' '}
        You can send files, but not see or delete anything.
      </p>
      {expired ? (
        <p role="alert" className="drop-expired">
          This link expired on {formatMoment(request.expiresAt)}: no more files can be sent.
        </p>
      ) : (
        <section
          className={`drop-zone${over ? ' over' : ''}`}
          aria-label="Drop files or folders here"
          aria-describedby={hintId}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <p id={hintId}>Drop files or whole folders here, or</p>
          <div className="drop-buttons">
            <button type="button" className="primary" onClick={() => filesInput.current?.click()}>
              Choose files
            </button>
            <button type="button" onClick={() => folderInput.current?.click()}>
              Choose a folder
            </button>
          </div>
          <input
            ref={filesInput}
            type="file"
            multiple
            hidden
            aria-label="Files to send"
            accept={acceptFor(request.contentType)}
            onChange={(e) => {
              if (e.target.files) uploads.add(collectFromFileList(e.target.files));
              e.target.value = '';
            }}
          />
          <input
            ref={folderInput}
            type="file"
            hidden
            aria-label="Folder to send"
            {...{ webkitdirectory: '' }}
            onChange={(e) => {
              if (e.target.files) uploads.add(collectFromFileList(e.target.files));
              e.target.value = '';
            }}
          />
        </section>
      )}
      {uploads.items.length > 0 && (
        <section aria-label="Uploads" className="drop-list">
          <p role="status" className="drop-summary">
            {done} of {uploads.items.length} {uploads.items.length === 1 ? 'file' : 'files'} sent
            {sending ? '…' : '.'}
          </p>
          <ul>
            {uploads.items.map((item) => (
              <DropRow key={item.id} item={item} onCancel={uploads.cancel} onRetry={uploads.retry} />
            ))}
          </ul>
        </section>
      )}
    </Shell>
  );
}

function DropRow({
  item,
  onCancel,
  onRetry,
}: {
  item: DropItem;
  onCancel: (id: number) => void;
  onRetry: (id: number) => void;
}) {
  const { state, refusal } = item;
  const percent = item.file.size
    ? Math.floor((item.loaded / item.file.size) * 100)
    : state === 'done'
      ? 100
      : 0;
  return (
    <li className={`drop-item ${state}`} aria-label={item.path}>
      <div className="drop-item-head">
        <span className="drop-name">{item.path}</span>
        <span className="muted">{formatSize(item.file.size)}</span>
        <span className="drop-state">{STATE_TEXT[state]}</span>
        {(state === 'waiting' || state === 'sending') && (
          <button type="button" onClick={() => onCancel(item.id)} aria-label={`Cancel ${item.path}`}>
            Cancel
          </button>
        )}
        {(state === 'failed' || state === 'cancelled') && refusal?.retry !== false && (
          <button type="button" onClick={() => onRetry(item.id)} aria-label={`Retry ${item.path}`}>
            Retry
          </button>
        )}
      </div>
      {(state === 'sending' || state === 'waiting') && (
        <div className="drop-progress">
          <progress max={100} value={percent} aria-label={`${item.path} sent`} />
          <span>
            {percent}%{item.speed > 0 ? ` · ${formatSize(Math.round(item.speed))}/s` : ''}
          </span>
        </div>
      )}
      {refusal && state !== 'cancelled' && (
        <p className="drop-problem" role={state === 'refused' ? undefined : 'alert'}>
          {refusal.message}
          {refusal.owner && <span className="muted"> {refusal.owner}</span>}
        </p>
      )}
    </li>
  );
}

const STATE_TEXT: Record<DropItem['state'], string> = {
  waiting: 'Waiting',
  sending: 'Sending',
  done: 'Sent ✓',
  failed: 'Failed',
  cancelled: 'Cancelled',
  refused: 'Not sent',
};

function Shell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="drop-page">
      <h1>{title}</h1>
      {children}
      <footer className="muted">
        Files go straight to the owner’s storage; this page keeps nothing and needs no account.
      </footer>
    </main>
  );
}

/** The clock, once a second: time left, and the switch to the expired page. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Closing the tab while files are on their way asks first. */
function useLeaveWarning(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}

function formatLeft(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.floor(ms / 1000))} seconds`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days && `${days} d`, hours && `${hours} h`, `${minutes % 60} min`].filter(Boolean);
  return parts.slice(0, 2).join(' ');
}

const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatMoment(ms: number): string {
  return moment.format(new Date(ms));
}
