import { Suspense, useState } from 'react';
import { lazyNamed } from '../ui/lazy';

const RequestFilesDialog = lazyNamed(() => import('./RequestFilesDialog'), 'RequestFilesDialog');

/** "Request files" in a folder's toolbar, with its dialog (loaded when first opened). */
export function RequestFilesButton({ bucket, prefix }: { bucket: string; prefix: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Request files
      </button>
      {open && (
        <Suspense fallback={null}>
          <RequestFilesDialog bucket={bucket} prefix={prefix} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
