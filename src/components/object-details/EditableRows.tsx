import { useId } from 'react';
import type { HeaderRow } from '../../s3/header-rules';

/**
 * Name/value rows that can be added and removed: user metadata and tags. Each input is named by its row number
 * ("Metadata name 2"), and a row's problem stands under it, tied to its inputs by aria-describedby.
 */
export function EditableRows({
  noun,
  nameLabel,
  rows,
  problems,
  max,
  onChange,
}: {
  /** "Metadata", "Tag": used in each control's name. */
  noun: string;
  /** "name", "key". */
  nameLabel: string;
  rows: HeaderRow[];
  problems: Array<string | undefined>;
  max?: number;
  onChange: (rows: HeaderRow[]) => void;
}) {
  const id = useId();
  const update = (index: number, change: Partial<HeaderRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const full = max !== undefined && rows.length >= max;
  return (
    <div className="edit-rows">
      {rows.map((row, index) => {
        const problem = problems[index];
        const problemId = `${id}-${index}`;
        const n = index + 1;
        return (
          <div key={index} className="edit-row">
            <input
              aria-label={`${noun} ${nameLabel} ${n}`}
              value={row.name}
              placeholder={nameLabel}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? problemId : undefined}
              spellCheck={false}
              onChange={(e) => update(index, { name: e.target.value })}
            />
            <input
              aria-label={`${noun} value ${n}`}
              value={row.value}
              placeholder="value"
              aria-describedby={problem ? problemId : undefined}
              spellCheck={false}
              onChange={(e) => update(index, { value: e.target.value })}
            />
            <button
              type="button"
              className="quiet"
              aria-label={`Remove ${noun.toLowerCase()} ${n}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              ×
            </button>
            {problem && (
              <p id={problemId} className="field-problem edit-row-problem">
                {problem}
              </p>
            )}
          </div>
        );
      })}
      <button
        type="button"
        onClick={() => onChange([...rows, { name: '', value: '' }])}
        disabled={full}
        title={full ? `S3 allows at most ${max}.` : undefined}
      >
        Add {noun.toLowerCase()}
      </button>
    </div>
  );
}

/** Cancel and Save under an editor form; Save waits while the form is invalid or saving. */
export function EditActions({
  saveLabel,
  valid,
  busy,
  onCancel,
}: {
  saveLabel: string;
  valid: boolean;
  busy: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="edit-actions">
      <button type="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={!valid || busy}>
        {busy ? 'Saving…' : saveLabel}
      </button>
    </div>
  );
}
