import { useState } from 'react';
import type { ConflictDecision } from '../../s3/copy/conflicts';
import type { PendingConflict } from '../../s3/copy/transfer-jobs';
import { Dialog } from '../ui/Dialog';
import { displayName } from './job-text';

/**
 * A copy, move or rename would land on an existing object: the person chooses, per file or for the remaining
 * ones. Nothing is overwritten without this answer; Escape cancels the job (nothing of it has been copied yet).
 */
export function TransferConflictDialog({
  conflict,
  onAnswer,
  onCancelJob,
}: {
  conflict: PendingConflict;
  onAnswer: (decision: ConflictDecision, applyToAll: boolean) => void;
  onCancelJob: () => void;
}) {
  const [applyToAll, setApplyToAll] = useState(false);
  const { question, request } = conflict;
  const name = displayName(question.destinationKey);
  const where = `${request.toBucket}/${question.destinationKey.slice(0, question.destinationKey.length - name.length)}`;
  return (
    <Dialog title={`“${name}” already exists`} onClose={onCancelJob}>
      <div className="dialog-body">
        <p>
          <span className="break">{where}</span> already has an object named{' '}
          <strong className="break">{name}</strong>.
        </p>
        <ul className="muted conflict-choices">
          <li>Overwrite replaces it with {displayName(question.sourceKey)}.</li>
          <li>Skip leaves both where they are.</li>
          <li>Keep both gives the new one a free name like “name (1).ext”.</li>
        </ul>
        {question.remaining > 0 && (
          <label className="check">
            <input type="checkbox" checked={applyToAll} onChange={(e) => setApplyToAll(e.target.checked)} />
            Do this for the remaining {question.remaining}{' '}
            {question.remaining === 1 ? 'conflict' : 'conflicts'}
          </label>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancelJob}>
          Cancel job
        </button>
        <button type="button" onClick={() => onAnswer('skip', applyToAll)} autoFocus>
          Skip
        </button>
        <button type="button" onClick={() => onAnswer('keep-both', applyToAll)}>
          Keep both
        </button>
        <button type="button" className="danger" onClick={() => onAnswer('overwrite', applyToAll)}>
          Overwrite
        </button>
      </div>
    </Dialog>
  );
}
