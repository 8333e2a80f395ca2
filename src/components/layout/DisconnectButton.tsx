import { useState } from 'react';
import { useDisconnect } from '../../hooks/use-disconnect';
import { Dialog } from '../ui/Dialog';

/** Disconnect: at once when nothing is uploading; otherwise it asks, since the running uploads will be cancelled. */
export function DisconnectButton() {
  const { mustAsk, runningUploads, stopping, disconnect } = useDisconnect();
  const [asking, setAsking] = useState<number | null>(null);
  return (
    <>
      <button type="button" onClick={() => (mustAsk() ? setAsking(runningUploads()) : void disconnect())}>
        Disconnect
      </button>
      {asking !== null && (
        <Dialog title="Disconnect and cancel uploads?" onClose={() => !stopping && setAsking(null)}>
          <div className="dialog-body">
            <p>
              {asking > 1 ? `${asking} uploads are` : 'An upload is'} still running. Disconnecting cancels{' '}
              {asking > 1 ? 'them' : 'it'}: unfinished files are not stored, and their partial uploads are
              removed from the server.
            </p>
            {stopping && <p role="status">Cancelling uploads…</p>}
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={() => setAsking(null)} disabled={stopping} autoFocus>
              Keep uploading
            </button>
            <button type="button" className="danger" onClick={() => void disconnect()} disabled={stopping}>
              Cancel uploads and disconnect
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
