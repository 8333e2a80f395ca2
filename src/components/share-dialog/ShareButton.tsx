import { useState } from 'react';
import { ShareDialog } from './ShareDialog';

/** A "Share" button with its own dialog, for places that are not virtualized (the details panel). */
export function ShareButton({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Share
      </button>
      {open && <ShareDialog bucket={bucket} objectKey={objectKey} onClose={() => setOpen(false)} />}
    </>
  );
}
