import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { usePrefetchUploadEngine, useUploadQueue } from '../../hooks/use-uploads';
import { useConnectedSession } from '../../hooks/use-session';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { nameUnder } from '../ui/format';
import type { Collected } from './collect-files';
import type { Conflict, Decision, PlannedUpload } from './drop-plan';

type Engine = typeof import('./upload-engine');
let loadedEngine: Engine | undefined;
/** The planning and checking code: a chunk of its own, fetched ahead by usePrefetchUploadEngine. */
const loadEngine = async (): Promise<Engine> => (loadedEngine ??= await import('./upload-engine'));

type Step =
  | { kind: 'idle' }
  | { kind: 'problems'; collected: Collected }
  | { kind: 'many'; items: PlannedUpload[]; limit: number }
  | { kind: 'checking'; count: number }
  | { kind: 'check-failed'; error: unknown }
  | {
      kind: 'conflicts';
      items: PlannedUpload[];
      existing: Set<string>;
      conflicts: Conflict[];
      index: number;
      decisions: Map<string, Decision>;
    };

/**
 * From "these files were dropped or picked" to "they are queued": unreadable entries are reported, a huge drop is
 * confirmed, keys already on the server (or twice in the drop) are asked about one by one or for all at once.
 * Returns `start` and the dialogs to render; the queue itself outlives this component.
 */
export function useUploadFlow(
  bucket: string,
  prefix: string,
): { start: (c: Collected) => void; ui: ReactNode } {
  const session = useConnectedSession();
  const queue = useUploadQueue();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const checkRef = useRef<AbortController | null>(null);
  usePrefetchUploadEngine(loadEngine);

  useEffect(() => () => checkRef.current?.abort(), []);

  const enqueue = useCallback(
    (items: PlannedUpload[]) => {
      setStep({ kind: 'idle' });
      if (items.length) {
        queue.add(
          bucket,
          items.map(({ key, body, contentType }) => ({ key, body, contentType })),
        );
      }
    },
    [queue, bucket],
  );

  const check = useCallback(
    async (items: PlannedUpload[]) => {
      checkRef.current?.abort();
      const controller = new AbortController();
      checkRef.current = controller;
      setStep({ kind: 'checking', count: items.length });
      try {
        const { findExistingKeys, findConflicts, applyDecisions } = await loadEngine();
        const keys = [...new Set(items.map((item) => item.key))];
        const existing = await findExistingKeys(session, bucket, keys, { prefix, signal: controller.signal });
        if (controller.signal.aborted) return;
        const conflicts = findConflicts(items, existing);
        if (conflicts.length === 0) return enqueue(applyDecisions(items, existing, new Map()));
        setStep({ kind: 'conflicts', items, existing, conflicts, index: 0, decisions: new Map() });
      } catch (error) {
        if (!controller.signal.aborted) setStep({ kind: 'check-failed', error });
      }
    },
    [session, bucket, prefix, enqueue],
  );

  const proceed = useCallback(
    async (collected: Collected) => {
      let engine: Engine;
      try {
        engine = await loadEngine();
      } catch (error) {
        return setStep({ kind: 'check-failed', error });
      }
      const items = engine.planKeys(prefix, collected);
      if (items.length > engine.MANY_FILES) setStep({ kind: 'many', items, limit: engine.MANY_FILES });
      else if (items.length > 0) void check(items);
      else setStep({ kind: 'idle' });
    },
    [prefix, check],
  );

  const start = useCallback(
    (collected: Collected) => {
      if (collected.problems.length > 0) setStep({ kind: 'problems', collected });
      else void proceed(collected);
    },
    [proceed],
  );

  const cancel = () => {
    checkRef.current?.abort();
    setStep({ kind: 'idle' });
  };

  const answer = (decision: Decision, applyToAll: boolean) => {
    if (step.kind !== 'conflicts') return;
    const { conflicts, index, decisions, items, existing } = step;
    const targets = applyToAll ? conflicts.slice(index) : [conflicts[index]];
    for (const conflict of targets) decisions.set(conflict.key, decision);
    if (!applyToAll && index + 1 < conflicts.length) setStep({ ...step, index: index + 1 });
    // The engine is loaded: the conflicts were found with it.
    else enqueue(loadedEngine!.applyDecisions(items, existing, decisions));
  };

  let ui: ReactNode = null;
  if (step.kind === 'problems') {
    const { problems, files, emptyFolders } = step.collected;
    const readable = files.length + emptyFolders.length;
    ui = (
      <ConfirmDialog
        title={`${problems.length} ${problems.length === 1 ? 'item' : 'items'} cannot be read`}
        confirmLabel={`Upload the other ${readable}`}
        busy={readable === 0}
        onConfirm={() => void proceed({ ...step.collected, problems: [] })}
        onCancel={cancel}
      >
        <p>The browser could not read these; they will not be uploaded.</p>
        <ul className="failure-list">
          {problems.slice(0, 50).map((problem) => (
            <li key={problem.path}>
              <span className="break">{problem.path}</span>: {problem.message}
            </li>
          ))}
        </ul>
        {problems.length > 50 && <p className="muted">…and {problems.length - 50} more.</p>}
      </ConfirmDialog>
    );
  } else if (step.kind === 'many') {
    const count = step.items.length.toLocaleString('en-US');
    ui = (
      <ConfirmDialog
        title={`Upload ${count} files?`}
        confirmLabel={`Upload ${count} files`}
        onConfirm={() => void check(step.items)}
        onCancel={cancel}
      >
        <p>
          That is more than {step.limit.toLocaleString('en-US')} files in one drop. Check that this is the
          folder you meant to upload.
        </p>
      </ConfirmDialog>
    );
  } else if (step.kind === 'checking') {
    ui = (
      <p className="upload-checking" role="status">
        Checking which of {step.count.toLocaleString('en-US')} {step.count === 1 ? 'file' : 'files'} already
        exist…{' '}
        <button type="button" className="link-button" onClick={cancel}>
          Cancel
        </button>
      </p>
    );
  } else if (step.kind === 'check-failed') {
    ui = (
      <Dialog title="Could not check for existing files" onClose={cancel}>
        <div className="dialog-body">
          <ErrorNotice error={step.error} />
          <p className="muted">Nothing was uploaded.</p>
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={cancel}>
            Close
          </button>
        </div>
      </Dialog>
    );
  } else if (step.kind === 'conflicts') {
    const conflict = step.conflicts[step.index];
    ui = (
      <ConflictDialog
        key={conflict.key}
        conflict={conflict}
        name={nameUnder(prefix, conflict.key)}
        position={step.index + 1}
        total={step.conflicts.length}
        onAnswer={answer}
        onCancel={cancel}
      />
    );
  }
  return { start, ui };
}

function ConflictDialog({
  conflict,
  name,
  position,
  total,
  onAnswer,
  onCancel,
}: {
  conflict: Conflict;
  name: string;
  position: number;
  total: number;
  onAnswer: (decision: Decision, applyToAll: boolean) => void;
  onCancel: () => void;
}) {
  const [applyToAll, setApplyToAll] = useState(false);
  const remaining = total - position + 1;
  return (
    <Dialog
      title={
        conflict.exists ? `“${name}” already exists` : `${conflict.duplicates} files are named “${name}”`
      }
      onClose={onCancel}
    >
      <div className="dialog-body">
        <p>
          {conflict.exists
            ? 'Overwrite replaces the stored object with the file you dropped. Skip keeps the stored one.'
            : 'Files from different places in this drop go to the same key. Overwrite keeps the last one, Skip the first.'}
        </p>
        {total > 1 && (
          <p className="muted">
            Question {position} of {total}.
          </p>
        )}
        {remaining > 1 && (
          <label className="check">
            <input type="checkbox" checked={applyToAll} onChange={(e) => setApplyToAll(e.target.checked)} />
            Apply to all {remaining} remaining conflicts
          </label>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel upload
        </button>
        <button type="button" onClick={() => onAnswer('skip', applyToAll)} autoFocus>
          Skip
        </button>
        <button type="button" className="danger" onClick={() => onAnswer('overwrite', applyToAll)}>
          Overwrite
        </button>
      </div>
    </Dialog>
  );
}
