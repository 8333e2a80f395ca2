import {
  Suspense,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type DragEvent,
  type ReactNode,
} from 'react';
import { useUploadQueue } from '../../hooks/use-uploads';
import { lazyNamed } from '../ui/lazy';
import { collectFromDataTransfer } from '../../lib/collect-files';
import { useUploadFlow } from '../../hooks/use-upload-flow';
import { UploadFlowDialogs } from './UploadFlowDialogs';
import './upload.css';

// A chunk of its own, loaded with the first upload: until then there is nothing to show.
const UploadPanel = lazyNamed(() => import('./UploadPanel'), 'UploadPanel');

/** Only drags that carry files (not text or a link dragged within the page) are drops to upload. */
const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');

/**
 * Wraps the object table: files and whole folders dragged from the desktop are uploaded under the current folder,
 * with their relative paths. Also shows the upload panel.
 */
export function DropZone({
  bucket,
  prefix,
  children,
}: {
  bucket: string;
  prefix: string;
  children: ReactNode;
}) {
  const flow = useUploadFlow(bucket, prefix);
  const { start } = flow;
  const queue = useUploadQueue();
  // Only "are there files" re-renders this component (and the table inside it), not every progress update.
  const hasUploads = useSyncExternalStore(queue.subscribe, () => queue.getSnapshot().files.length > 0);
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child the pointer crosses: count them to know when it really left.
  const depth = useRef(0);
  const where = `${bucket}/${prefix}`;

  useEffect(() => {
    // A file dropped just beside the zone would make the browser open it in place of the app (and drop every
    // running upload): outside the zone, a file drop does nothing.
    const ignore = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);

  return (
    <div
      className={`drop-zone${dragging ? ' dragging' : ''}`}
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current++;
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setDragging(false);
        // Entries must be taken before this handler returns; the walk then goes on asynchronously.
        void collectFromDataTransfer(event.dataTransfer).then(start);
      }}
    >
      {children}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>
            Drop files or folders to upload them to <strong className="break">{where}</strong>
          </p>
        </div>
      )}
      <UploadFlowDialogs flow={flow} prefix={prefix} />
      {hasUploads && (
        <Suspense fallback={null}>
          <UploadPanel />
        </Suspense>
      )}
    </div>
  );
}
