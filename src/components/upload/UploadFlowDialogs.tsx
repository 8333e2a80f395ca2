import { useState } from 'react';
import type { UploadFlow } from '../../hooks/use-upload-flow';
import type { Conflict, Decision } from '../../s3/upload/drop-plan';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { nameUnder } from '../ui/format';

/** The questions and notices of an upload flow (see useUploadFlow), one at a time. */
export function UploadFlowDialogs({ flow, prefix }: { flow: UploadFlow; prefix: string }) {
  const { step } = flow;
  if (step.kind === 'problems') {
    const { problems, files, emptyFolders } = step.collected;
    const readable = files.length + emptyFolders.length;
    return (
      <ConfirmDialog
        title={`${problems.length} ${problems.length === 1 ? 'item' : 'items'} cannot be read`}
        confirmLabel={`Upload the other ${readable}`}
        busy={readable === 0}
        onConfirm={flow.skipProblems}
        onCancel={flow.cancel}
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
  }
  if (step.kind === 'many') {
    const count = step.items.length.toLocaleString('en-US');
    return (
      <ConfirmDialog
        title={`Upload ${count} files?`}
        confirmLabel={`Upload ${count} files`}
        onConfirm={flow.confirmMany}
        onCancel={flow.cancel}
      >
        <p>
          That is more than {step.limit.toLocaleString('en-US')} files in one drop. Check that this is the
          folder you meant to upload.
        </p>
      </ConfirmDialog>
    );
  }
  if (step.kind === 'checking') {
    return (
      <p className="upload-checking" role="status">
        Checking which of {step.count.toLocaleString('en-US')} {step.count === 1 ? 'file' : 'files'} already
        exist…{' '}
        <button type="button" className="link-button" onClick={flow.cancel}>
          Cancel
        </button>
      </p>
    );
  }
  if (step.kind === 'check-failed') {
    return (
      <Dialog title="Could not check for existing files" onClose={flow.cancel}>
        <div className="dialog-body">
          <ErrorNotice error={step.error} />
          <p className="muted">Nothing was uploaded.</p>
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={flow.cancel}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }
  if (step.kind === 'conflicts') {
    const conflict = step.conflicts[step.index];
    return (
      <ConflictDialog
        key={conflict.key}
        conflict={conflict}
        name={nameUnder(prefix, conflict.key)}
        position={step.index + 1}
        total={step.conflicts.length}
        onAnswer={flow.answer}
        onCancel={flow.cancel}
      />
    );
  }
  return null;
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
