import { useEffect, useRef, useState } from 'react';
import { clipboardFolder, setClipboard, type TransferClipboard } from '../../hooks/use-transfer-clipboard';
import { planInto, useOtherConnections, useTransferStore } from '../../hooks/use-transfer-jobs';
import { useConnectedSession } from '../../hooks/use-session';
import type { TransferRoot } from '../../s3/copy/plan';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ThroughPageNote, UnlockConnection } from './DestinationConnection';
import { displayName, itemsText } from './job-text';

/**
 * A paste of items cut or copied in another connection (Ctrl+V or Paste here): says what it will do, opens that
 * connection in place when its keys are not open yet (its passphrase, or its secret key), then starts the job, whose
 * bytes go through the page. A cut deletes each source only after its copy here is read back.
 */
export function PasteDialog({
  clipboard,
  bucket,
  prefix,
  onClose,
}: {
  clipboard: TransferClipboard;
  /** Where the items go: a folder of this connection. */
  bucket: string;
  prefix: string;
  onClose: () => void;
}) {
  const store = useTransferStore();
  const session = useConnectedSession();
  const connections = useOtherConnections();
  const { connection, sources, mode } = clipboard;
  const profile = connections.choices.find((p) => p.id === connection.id);
  const [source, setSource] = useState(() => connections.opened(connection.id));
  useEffect(() => store.preload(), [store]);
  // Once the source is open (at once, or after its passphrase), Enter pastes.
  const pasteButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (source) pasteButton.current?.focus();
  }, [source]);

  const plan = ((): { roots?: TransferRoot[]; error?: unknown } => {
    try {
      return { roots: planInto(sources, { bucket: clipboard.bucket }, { bucket, prefix, elsewhere: true }) };
    } catch (error) {
      return { error };
    }
  })();
  const title = sources.length === 1 ? `Paste “${displayName(sources[0])}”` : `Paste ${itemsText(sources)}`;
  const from = `${connection.label}: ${clipboard.bucket}/${clipboardFolder(sources)}`;
  const to = `${session.profile.label}: ${bucket}/${prefix}`;
  const gone = !source && !profile;

  const paste = () => {
    if (!source || !plan.roots) return;
    store.start({
      mode,
      fromBucket: clipboard.bucket,
      fromConnection: source,
      toBucket: bucket,
      toPrefix: prefix,
      roots: plan.roots,
    });
    // A cut is used once (its items are moving); a copy can be pasted again elsewhere.
    if (mode === 'move') setClipboard(undefined);
    onClose();
  };

  return (
    <Dialog title={title} onClose={onClose} className="move-dialog">
      <div className="dialog-body">
        <p>
          {mode === 'move' ? 'Move' : 'Copy'} <strong className="break">{itemsText(sources)}</strong> from{' '}
          <strong className="break">{from}</strong> to <strong className="break">{to}</strong>.
          {mode === 'move' &&
            ` Each one is deleted from ${connection.label} only after its copy here is read back and matches.`}
        </p>
        {gone ? (
          <div className="notice notice-error" role="alert">
            <p>
              {connection.label} is no longer saved on this device, so its keys cannot be opened to read the
              items.
            </p>
            <p className="notice-hint">
              Connect to {connection.label} again with its keys, cut or copy the items there, then paste here.
            </p>
          </div>
        ) : (
          !source &&
          profile && (
            <UnlockConnection
              profile={profile}
              sealed={connections.isSealed(profile)}
              onUnlock={(secret) => connections.unlock(profile, secret)}
              onOpened={setSource}
            />
          )
        )}
        {!gone && <ThroughPageNote />}
        {plan.error !== undefined && <ErrorNotice error={plan.error} />}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        {gone ? (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setClipboard(undefined);
              onClose();
            }}
          >
            Clear clipboard
          </button>
        ) : (
          <button
            ref={pasteButton}
            type="button"
            className="primary"
            disabled={!source || !plan.roots}
            onClick={paste}
          >
            Paste here
          </button>
        )}
      </div>
    </Dialog>
  );
}
